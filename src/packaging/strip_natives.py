"""Rewrites the jars in a folder without the native libraries of other platforms (the app image is for linux-x64).

ONNX Runtime ships natives (and debug symbols) for five platforms in one 131 MB jar; DJL's tokenizers and JNA do
the same. Only the entries below a foreign platform folder are dropped; classes and resources stay as they are.
"""
import pathlib
import re
import sys
import zipfile

FOREIGN = re.compile(
    r"^(ai/onnxruntime/native/(?!linux-x64/)[^/]+/"        # ONNX Runtime
    r"|native/lib/(?!linux-x86_64/)[^/]+/"                   # DJL tokenizers
    r"|com/sun/jna/(?!linux-x86-64/)[^/]+/[^/]*\.(so|a|dll|jnilib|dylib)$)")  # JNA dispatch libraries


def strip(jar: pathlib.Path) -> int:
    with zipfile.ZipFile(jar) as src:
        drop = [i for i in src.infolist() if FOREIGN.match(i.filename)]
        if not drop:
            return 0
        tmp = jar.with_suffix(".tmp")
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
            for info in src.infolist():
                if not FOREIGN.match(info.filename):
                    out.writestr(info, src.read(info.filename))
    saved = jar.stat().st_size - tmp.stat().st_size
    tmp.replace(jar)
    return saved


def main() -> None:
    total = 0
    for jar in sorted(pathlib.Path(sys.argv[1]).glob("*.jar")):
        saved = strip(jar)
        if saved:
            print(f"[package] {jar.name}: {saved / 1e6:.1f} MB of other platforms' natives left out")
        total += saved
    print(f"[package] {total / 1e6:.1f} MB left out in all")


if __name__ == "__main__":
    main()
