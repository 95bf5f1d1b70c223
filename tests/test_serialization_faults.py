"""tinytorch.save never destroys the previous checkpoint (atomic replace), and tinytorch.load raises
PyTorch 2.13's exception types for missing, empty and damaged files."""
import os
import resource
import signal
import subprocess
import sys
import textwrap
import zipfile

import numpy as np
import pytest

import tinytorch as torch

OLD = {"w": torch.arange(6).reshape(2, 3), "epoch": 1}


def assert_is_old(path):
    loaded = torch.load(path)
    assert loaded["epoch"] == 1 and loaded["w"].tolist() == [[0, 1, 2], [3, 4, 5]]


def run_child(code, **kwargs):
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kwargs)


def test_save_killed_midway_keeps_the_old_checkpoint(tmp_path):
    path = tmp_path / "ckpt.pt"
    torch.save(OLD, path)
    # The child stops inside the archive writer, after the first array reached the file, then is killed.
    child = run_child(f"""
        import sys, time
        import numpy.lib.format as fmt
        import tinytorch as torch
        real_write = fmt.write_array
        def write_then_hang(fp, *args, **kwargs):
            real_write(fp, *args, **kwargs)
            fp.flush()
            print("mid-save", flush=True)
            time.sleep(60)
        fmt.write_array = write_then_hang
        torch.save({{"w": torch.ones(1000, 1000), "epoch": 2}}, {str(path)!r})
    """)
    try:
        assert child.stdout.readline().strip() == "mid-save", child.stderr.read()
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(30)
    assert child.returncode == -signal.SIGKILL
    assert_is_old(path)
    torch.save({"w": torch.ones(2), "epoch": 3}, path)        # a stale temporary does not block the next save
    assert torch.load(path)["epoch"] == 3


def test_save_with_the_disk_full_keeps_the_old_checkpoint(tmp_path):
    path = tmp_path / "ckpt.pt"
    torch.save(OLD, path)
    limit = 4 * os.path.getsize(path)                             # room for the old file, not for 4 MB
    child = run_child(f"""
        import resource
        import tinytorch as torch
        resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
        try:
            torch.save({{"w": torch.ones(1000, 1000), "epoch": 2}}, {str(path)!r})
        except OSError as e:
            print(type(e).__name__, e.errno)
    """)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    assert out.split()[0] in ("OSError", "FileTooLargeError") and int(out.split()[1]) == 27   # EFBIG
    assert_is_old(path)
    assert sorted(os.listdir(tmp_path)) == ["ckpt.pt"]            # the partial temporary was removed


def test_save_keeps_permissions_and_follows_symlinks(tmp_path):
    real = tmp_path / "real.pt"
    torch.save(OLD, real)
    os.chmod(real, 0o640)
    link = tmp_path / "link.pt"
    link.symlink_to(real)
    torch.save({"w": torch.ones(2), "epoch": 2}, link)
    assert link.is_symlink() and torch.load(real)["epoch"] == 2
    assert os.stat(real).st_mode & 0o777 == 0o640
    assert sorted(os.listdir(tmp_path)) == ["link.pt", "real.pt"]


def test_save_errors_match_pytorch(tmp_path):
    # PyTorch 2.13: RuntimeError "Parent directory ... does not exist." and RuntimeError for a directory.
    with pytest.raises(RuntimeError, match=f"^Parent directory {tmp_path / 'nodir'} does not exist.$"):
        torch.save(OLD, tmp_path / "nodir" / "x.pt")
    with pytest.raises(RuntimeError, match="is a directory"):
        torch.save(OLD, tmp_path)


def test_load_exception_types_match_pytorch(tmp_path):
    # Recorded with PyTorch 2.13 (tools/record_load_errors.py): FileNotFoundError, IsADirectoryError,
    # EOFError for an empty file, RuntimeError for a truncated or damaged archive.
    with pytest.raises(FileNotFoundError, match="No such file or directory"):
        torch.load(tmp_path / "missing.pt")
    with pytest.raises(IsADirectoryError):
        torch.load(tmp_path)
    (tmp_path / "empty.pt").write_bytes(b"")
    with pytest.raises(EOFError):
        torch.load(tmp_path / "empty.pt")
    good = tmp_path / "good.pt"
    torch.save({"a": torch.ones(3)}, good)
    data = good.read_bytes()
    (tmp_path / "trunc.pt").write_bytes(data[:len(data) // 2])
    with pytest.raises(RuntimeError, match="not a valid tinytorch checkpoint"):
        torch.load(tmp_path / "trunc.pt")


def test_load_of_a_damaged_member_raises_runtime_error_not_bad_zip_file(tmp_path):
    good = tmp_path / "good.pt"
    torch.save({"a": torch.ones(3)}, good)
    with zipfile.ZipFile(good) as z:
        info = z.getinfo("__tinytorch__.npy")
    data = bytearray(good.read_bytes())
    data[info.header_offset + 30 + len(info.filename) + info.compress_size - 2] ^= 0xFF   # inside the data
    (tmp_path / "flip.pt").write_bytes(bytes(data))
    with pytest.raises(RuntimeError, match="damaged archive: Bad CRC-32"):
        torch.load(tmp_path / "flip.pt")
