/* Round trip of one cache line between two CPUs, in nanoseconds.
 *
 * Usage: core_distance CPU_A CPU_B.  Two threads, pinned to the two CPUs, take turns
 * incrementing a shared counter 200,000 times; the time per round trip is printed for 5
 * repetitions.  On the 2-vCPU machines of this project it reads 55-80 ns most of the time and
 * 320-370 ns in stretches when the hypervisor has placed the two vCPUs far apart; those are
 * the stretches in which OpenBLAS's multi-threaded GEMM slows down (benchmarks/README.md).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static _Alignas(64) atomic_long counter;
static const long ROUNDS = 200000;
static int cpu_b;

static void pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

static void *answer(void *unused) {
    (void)unused;
    pin(cpu_b);
    for (long i = 0; i < ROUNDS; i++) {
        while (atomic_load_explicit(&counter, memory_order_acquire) != 2 * i + 1) {}
        atomic_store_explicit(&counter, 2 * i + 2, memory_order_release);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s CPU_A CPU_B\n", argv[0]);
        return 2;
    }
    int cpu_a = atoi(argv[1]);
    cpu_b = atoi(argv[2]);
    pin(cpu_a);
    for (int rep = 0; rep < 5; rep++) {
        atomic_store(&counter, 0);
        pthread_t thread;
        pthread_create(&thread, NULL, answer, NULL);
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (long i = 0; i < ROUNDS; i++) {
            atomic_store_explicit(&counter, 2 * i + 1, memory_order_release);
            while (atomic_load_explicit(&counter, memory_order_acquire) != 2 * i + 2) {}
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        pthread_join(thread, NULL);
        printf("%.0f\n", ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / ROUNDS);
    }
    return 0;
}
