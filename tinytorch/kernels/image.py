"""Image kernels for the datasets: uint8 pixels to float intensities in [0, 1]."""
from . import kernel


@kernel
def to_unit_float_kernel(pixels, out):
    """out[i] = pixels[i] / 255 (as torchvision's ToTensor); pixels uint8 1-D, out float 1-D."""
    for i in range(pixels.size):
        out[i] = pixels[i] / 255.0


@kernel
def max_label_kernel(labels):
    """The largest value in a 1-D uint8 label array (-1 when it is empty)."""
    best = -1
    for i in range(labels.size):
        if labels[i] > best:
            best = labels[i]
    return best
