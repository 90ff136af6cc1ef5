#!/usr/bin/env python3
"""The same work as `hermine bench extract`, done with pikepdf (qpdf inside), for comparison.

For each PDF, held in memory: open it, read the catalog's embedded files (name tree and /AF), pick the invoice
(factur-x.xml, zugferd-invoice.xml, ZUGFeRD-invoice.xml, xrechnung.xml, else the first XML attachment whose
root is a CII or UBL invoice), read its decoded bytes and the XMP metadata stream. Prints the median time per
file, the median and total over files, and the peak memory growth while reading the largest file.

Usage: python3 scripts/bench_pikepdf.py [--passes N] [--tsv OUT] PATH...   (needs `pip install pikepdf`)
"""
import argparse
import io
import os
import resource
import sys
import time

import pikepdf

NAMES = ["factur-x.xml", "zugferd-invoice.xml", "ZUGFeRD-invoice.xml", "xrechnung.xml"]
INVOICE_ROOTS = (b"CrossIndustryInvoice", b":Invoice", b"<Invoice", b":CreditNote", b"<CreditNote")


def embedded_files(pdf):
    """(name, stream) for every file spec in the /EmbeddedFiles name tree and the catalog's /AF."""
    found = []
    seen = set()

    def add(spec):
        ef = spec.get("/EF")
        if ef is None:
            return
        stream = ef.get("/F") or ef.get("/UF")
        if stream is None or stream.objgen in seen:
            return
        seen.add(stream.objgen)
        name = spec.get("/UF") or spec.get("/F")
        found.append((str(name) if name is not None else "attachment", stream))

    def walk(node, depth=0):
        if depth > 64:
            return
        names = node.get("/Names")
        if names is not None:
            for i in range(1, len(names), 2):
                add(names[i])
        for kid in node.get("/Kids") or []:
            walk(kid, depth + 1)

    root = pdf.Root
    tree = root.get("/Names", {}).get("/EmbeddedFiles") if "/Names" in root else None
    if tree is not None:
        walk(tree)
    for spec in root.get("/AF") or []:
        add(spec)
    return found


def extract(data):
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            files = embedded_files(pdf)
            metadata = pdf.Root.get("/Metadata")
            if metadata is not None:
                metadata.read_bytes()
            by_name = dict(files)
            for name in NAMES:
                if name in by_name:
                    by_name[name].read_bytes()
                    return name
            for name, stream in files:
                if name.lower().endswith(".xml"):
                    head = stream.read_bytes()[:2048]
                    if any(root in head for root in INVOICE_ROOTS):
                        return name
            return "no-invoice"
    except Exception as error:  # noqa: BLE001 - a damaged PDF is an outcome to time like the others
        return type(error).__name__


def peak_rss():
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return usage if sys.platform == "darwin" else usage * 1024


def expand(paths):
    files = []
    for path in paths:
        if os.path.isdir(path):
            for folder, _, names in os.walk(path):
                files += [os.path.join(folder, n) for n in names if n.lower().endswith(".pdf")]
        else:
            files.append(path)
    return sorted(files)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--passes", type=int, default=200)
    parser.add_argument("--tsv")
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    files = expand(args.paths)

    # Memory first, in a fresh process: the largest file alone.
    largest = max(files, key=os.path.getsize)
    before = peak_rss()
    data = open(largest, "rb").read()
    for _ in range(3):
        extract(data)
    growth = peak_rss() - before
    del data

    results = []
    for path in files:
        data = open(path, "rb").read()
        outcome = extract(data)
        times = []
        for _ in range(args.passes):
            start = time.perf_counter_ns()
            extract(data)
            times.append((time.perf_counter_ns() - start) / 1e6)
        times.sort()
        results.append((path, len(data), times[len(times) // 2], outcome))

    print("file                                                        bytes   median ms  outcome")
    for path, size, median, outcome in results:
        name = "/".join(path.split("/")[-2:])[-58:]
        print(f"{name:<58}{size:9d} {median:11.4f}  {outcome}")
    medians = sorted(r[2] for r in results)
    print(f"pikepdf {pikepdf.__version__} (qpdf {pikepdf.__libqpdf_version__}): {len(results)} files, "
          f"median {medians[len(medians) // 2]:.4f} ms per file, total {sum(medians):.3f} ms (sum of per-file medians)")
    size = os.path.getsize(largest)
    print(f"pikepdf: peak memory growth {growth / 1e6:.2f} MB reading the largest file ({size / 1e6:.2f} MB): {growth / size:.2f}× its size")
    if args.tsv:
        with open(args.tsv, "w") as out:
            for path, size, median, outcome in results:
                out.write(f"{path}\t{size}\t{median:.5f}\t{outcome}\n")


if __name__ == "__main__":
    main()
