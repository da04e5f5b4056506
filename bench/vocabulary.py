"""How big the starter vocabulary is and what it costs: building it, and installing it.

Prints the actors by kind and the aliases, the time `read_starter_vocabulary()` takes in a new
process (package imports included) and once warm, and the time of the migrations that install
it into a new SQLite file: all of them, and the last (0032, which also runs on existing
databases) on its own.

    .venv/bin/python bench/vocabulary.py
"""

import collections
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
COLD = (
    "import time; t = time.perf_counter(); "
    "from timeline.vocabulary import read_starter_vocabulary; read_starter_vocabulary(); "
    "print(time.perf_counter() - t)"
)


def cold_build_seconds() -> float:
    output = subprocess.run(
        [PYTHON, "-c", COLD], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return float(output)


def migrate_seconds(database: Path, *target: str) -> float:
    environment = dict(os.environ, DEBUG="1", DATABASE_URL=f"sqlite:///{database}")
    start = time.perf_counter()
    subprocess.run(
        [PYTHON, "manage.py", "migrate", *target, "--noinput", "-v0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    return time.perf_counter() - start


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from timeline.vocabulary import read_starter_vocabulary

    data = read_starter_vocabulary()
    kinds = collections.Counter(actor["kind"] for actor in data["actors"])
    aliases = sum(len(actor["aliases"]) for actor in data["actors"])
    offices = sum(len(actor["offices"]) for actor in data["actors"])
    print(
        f"actors: {len(data['actors'])} ({', '.join(f'{k} {n}' for k, n in kinds.most_common())})"
    )
    print(f"aliases: {aliases} (plus one name per actor); offices: {offices}")

    warm = []
    for _ in range(5):
        start = time.perf_counter()
        read_starter_vocabulary()
        warm.append(time.perf_counter() - start)
    cold = [cold_build_seconds() for _ in range(3)]
    print(
        f"read_starter_vocabulary(): new process {statistics.median(cold):.3f} s, warm "
        f"{statistics.median(warm):.3f} s (medians)"
    )

    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.sqlite3"
        everything = migrate_seconds(database)
        database.unlink()
        migrate_seconds(database, "timeline", "0031")
        last = migrate_seconds(database, "timeline", "0032")
    print(
        f"migrate a new SQLite database: {everything:.2f} s in all; 0032 alone {last:.2f} s "
        "(each includes about 1 s of Django start-up)"
    )


if __name__ == "__main__":
    main()
