"""The registration table of the scans, sorts, order statistics and counting ops: the
``tinytorch.X`` functions, their Tensor methods and in-place forms (bound in ``ops/__init__``)."""
from . import reduce_extra, scan, sort, unique

FUNCTIONS = {
    "cumsum": scan.cumsum, "cumprod": scan.cumprod, "cummax": scan.cummax, "cummin": scan.cummin,
    "logcumsumexp": scan.logcumsumexp,
    "sort": sort.sort, "argsort": sort.argsort, "topk": sort.topk, "kthvalue": sort.kthvalue,
    "median": sort.median, "nanmedian": sort.nanmedian, "mode": sort.mode,
    "quantile": sort.quantile, "nanquantile": sort.nanquantile,
    "unique": unique.unique, "unique_consecutive": unique.unique_consecutive, "bincount": unique.bincount,
    "histc": unique.histc, "searchsorted": unique.searchsorted, "bucketize": unique.bucketize,
    "count_nonzero": reduce_extra.count_nonzero, "var_mean": reduce_extra.var_mean,
    "std_mean": reduce_extra.std_mean, "aminmax": reduce_extra.aminmax, "nansum": reduce_extra.nansum,
    "nanmean": reduce_extra.nanmean,
}

#: Tensor methods: all but the free functions PyTorch has no method for.
METHODS = {name: fn for name, fn in FUNCTIONS.items()
           if name not in ("var_mean", "std_mean", "searchsorted", "bucketize")}

#: In-place forms PyTorch has (``x.cumsum_(dim)``).
INPLACE = ["cumsum", "cumprod"]
