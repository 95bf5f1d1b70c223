"""Fetching data files: mirrors in turn, MD5 verified, written atomically, with a progress bar.

The file is streamed into a temporary file in the destination folder and renamed into place
only once its checksum matches, so an interrupted or corrupted download never leaves a file
under the final name.
"""
import hashlib
import http.client
import os
import sys
import tempfile
import urllib.error
import urllib.request

CHUNK = 1 << 16


class DownloadError(RuntimeError):
    """No mirror delivered a file with the published checksum."""


def _progress(name, done, total, stream):
    if total:
        frac = min(done / total, 1.0)
        bar = "#" * int(frac * 30)
        stream.write(f"\r{name}: {frac:6.1%} [{bar:<30}] {done / 1e6:.1f}/{total / 1e6:.1f} MB")
    else:
        stream.write(f"\r{name}: {done / 1e6:.1f} MB")
    stream.flush()


def _fetch(url, tmp, name, timeout, stream):
    """Stream ``url`` into open binary file ``tmp``; returns the MD5 of what was written."""
    h = hashlib.md5()
    with urllib.request.urlopen(url, timeout=timeout) as response:
        total = int(response.headers.get("Content-Length") or 0)
        done = 0
        while True:
            block = response.read(CHUNK)
            if not block:
                break
            tmp.write(block)
            h.update(block)
            done += len(block)
            _progress(name, done, total, stream)
    stream.write("\n")
    if total and done != total:
        raise OSError(f"the connection closed after {done} of {total} bytes")
    return h.hexdigest()


def download_file(filename, md5, mirrors, folder, timeout=10.0, stream=None):
    """Download ``filename`` from the first mirror (base URLs) that serves it with checksum ``md5``
    into ``folder``; returns the path.  Raises ``DownloadError`` listing every mirror's failure."""
    stream = stream or sys.stderr
    os.makedirs(folder, exist_ok=True)
    target = os.path.join(folder, filename)
    failures = []
    for base in mirrors:
        url = base.rstrip("/") + "/" + filename
        fd, tmp_path = tempfile.mkstemp(prefix=f".{filename}.", suffix=".part", dir=folder)
        try:
            with os.fdopen(fd, "wb") as tmp:
                got = _fetch(url, tmp, filename, timeout, stream)
            if got != md5:
                failures.append(f"{url}: checksum mismatch (MD5 {got}, expected {md5})")
                continue
            os.replace(tmp_path, target)
            return target
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as e:
            stream.write("\n")
            reason = getattr(e, "reason", None) or e
            failures.append(f"{url}: {type(e).__name__}: {reason}")
        finally:
            if os.path.exists(tmp_path):
                os.remove(tmp_path)
    raise DownloadError(f"could not download {filename}:\n  " + "\n  ".join(failures))
