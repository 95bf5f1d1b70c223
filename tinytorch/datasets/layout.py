"""torchvision's ``repr`` of a dataset, shared by MNIST, CIFAR and the folder datasets."""


def dataset_repr(dataset, fields):
    """``Dataset <Name>`` and the ``fields`` lines indented, then the transforms block.

    torchvision's quirk kept: the transforms block is one entry of the body, so only its first
    line (``StandardTransform``) gets the body's indent."""
    body = list(fields)
    if dataset.transform is not None or dataset.target_transform is not None:
        block = ["StandardTransform"]
        for transform, head in ((dataset.transform, "Transform: "), (dataset.target_transform, "Target transform: ")):
            if transform is not None:
                lines = repr(transform).splitlines()
                block += [head + lines[0]] + [" " * len(head) + line for line in lines[1:]]
        body.append("\n".join(block))
    return "\n".join([f"Dataset {type(dataset).__name__}"] + ["    " + entry for entry in body])
