"""Benchmarks of the reader app: time to first paint and jump latency.

First paint: the app on the bundled plan against a bare Textual app (a Tree
with the same nodes and a read-only TextArea holding the same text).  Both
run as separate processes on a pseudo terminal, alternately, in the same run,
each with an empty remembered state of its own; figures are medians.  The app
starts through the command line's own entry (``tui.cli.run``), as ``policy-tui``
does.  Each
child notes two moments, by the same hooks: the end of the first frame in
which its text widget painted a line of the plan's text (the first readable
screen, the target), and the first refresh callback after start-up (Textual
runs ``call_after_refresh`` callbacks only after a timer-driven refresh, so
this waits out the frames that start-up resizes and restyles draw).

Jumps: ``n`` (next hit) and the mentions list (``m`` then ``enter``) with
Pilot, timed from the key to the end of the repaint that shows the result.

Run: ``python tests/bench/bench_paint.py [--quick]``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import fcntl
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.document.model import Document

ROOT = Path(__file__).resolve().parents[2]
COLUMNS, LINES = 120, 40
TARGET_RATIO = 1.10  # issue 14: the first readable screen
DEBUG = bool(os.environ.get("BENCH_DEBUG"))


def row(name: str, ms: float, base_name: str, base_ms: float, target: str = "") -> dict:
    return {"figure": name, "median_ms": round(ms, 3), "baseline": base_name,
            "baseline_ms": round(base_ms, 3), "ratio": round(ms / base_ms, 2) if base_ms else None,
            "target": target}


# --- the two apps, run as children -------------------------------------------------


def bare_app(doc: Document, exit_after_refresh: bool = True) -> Any:
    """A Tree with the plan's nodes and a read-only TextArea with its text."""
    from textual.app import App, ComposeResult
    from textual.containers import Horizontal
    from textual.widgets import TextArea, Tree

    class Bare(App[None]):
        CSS = "Tree { width: 30; } TextArea { width: 1fr; }"

        def compose(self) -> ComposeResult:
            tree: Tree[str] = Tree(doc.meta.title)
            tree.show_root = False
            nodes = {}
            for s in doc.sections:
                parent = tree.root if s.parent_id is None else nodes[s.parent_id]
                nodes[s.id] = parent.add(s.label(), data=s.id, expand=s.level <= 1)
            tree.root.expand()
            with Horizontal():
                yield tree
                yield TextArea(doc.full_text(), read_only=True)

        def on_mount(self) -> None:
            if exit_after_refresh:
                self.call_after_refresh(self._painted)

        def _painted(self) -> None:
            # As the app children of bench_app: the moment of the paint, not of the exit.
            stamp = os.environ.get("BENCH_STAMP")
            if stamp:
                Path(stamp).write_text(repr(time.time()))
            note_moment("settled")
            self.exit()

    return Bare()


def probe_for(doc_path: str) -> str:
    """``probe_text`` of the plan in ``doc_path``, worked out once by the parent (not in the
    children, whose start-up is measured)."""
    if doc_path not in _PROBES:
        from tui.document.serialize import load_json

        _PROBES[doc_path] = probe_text(load_json(Path(doc_path)))
    return _PROBES[doc_path]


_PROBES: dict[str, str] = {}


def probe_text(doc: Document) -> str:
    """A piece of the plan's text on the first screen of both apps: the start of its
    first paragraph (six characters without a space, so that no wrap splits them)."""
    for block in doc.blocks:
        if block.kind == "paragraph":
            text = doc.measure_by_id[block.measure_ids[0]].text
            if len(text) >= 6 and not any(c.isspace() for c in text[:6]):
                return text[:6]
    raise ValueError("the plan has no paragraph to look for")


def note_moment(name: str) -> None:
    """Append ``name time`` to the file ``$BENCH_MOMENTS`` (if set)."""
    path = os.environ.get("BENCH_MOMENTS")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"{name} {time.time()!r}\n")


def watch_first_text(widget_class: type, probe: str) -> None:
    """Note the moment ``first-text``: the end of the first frame in which a
    ``widget_class`` painted a line holding ``probe``.  The same hooks for both apps:
    the widget's ``render_line`` and the screen's frame (``_compositor_refresh``)."""
    from textual.screen import Screen

    seen, noted = False, False
    render_line = widget_class.render_line

    def watched_render_line(widget: Any, y: int) -> Any:
        nonlocal seen
        strip = render_line(widget, y)
        if not seen and probe in strip.text:
            seen = True
        return strip

    frame = Screen._compositor_refresh

    def watched_frame(screen: Screen[Any]) -> None:
        nonlocal noted
        frame(screen)
        if seen and not noted:
            noted = True
            note_moment("first-text")

    widget_class.render_line = watched_render_line  # type: ignore[attr-defined]
    Screen._compositor_refresh = watched_frame  # type: ignore[method-assign]


def child_bare(doc_path: str) -> None:
    """The bare app as a child process: exits after its first refresh."""
    from textual.widgets import TextArea

    from tui.document.serialize import load_json

    doc = load_json(Path(doc_path))
    watch_first_text(TextArea, os.environ["BENCH_PROBE"])
    app = bare_app(doc)
    app.run()
    sys.exit(app.return_code or 0)


def when_imported(name: str, then: Callable[[Any], None]) -> None:
    """Call ``then(module)`` once module ``name`` has been imported, by whoever imports it first.

    A child hooks the app this way without importing it ahead of the command line,
    which starts it as a user's does (its imports, its garbage collection policy).
    """
    import importlib.abc
    import importlib.util

    class Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
            if fullname != name:
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(fullname)
            assert spec is not None and spec.loader is not None
            exec_module = spec.loader.exec_module

            def exec_then(module: Any) -> None:
                exec_module(module)
                then(module)

            spec.loader.exec_module = exec_then  # type: ignore[method-assign]
            return spec

    sys.meta_path.insert(0, Finder())


def run_cli_app(doc_path: str, options: list[str], subclass: Callable[[type], type]) -> None:
    """``policy-tui [options] [doc]`` in this process, through the command line's own entry,
    with its app class replaced by ``subclass(PolicyApp)``; exits with its code.

    The bundled plan is opened as ``policy-tui`` opens it, with no argument (a file named on
    the command line is looked up in the library first: a cost of the command line).
    """
    from tui import cli, locations

    def hook(module: Any) -> None:
        from tui.ui.widgets.reader import ReaderView  # imported with the app

        watch_first_text(ReaderView, os.environ["BENCH_PROBE"])
        module.PolicyApp = subclass(module.PolicyApp)

    when_imported("tui.ui.app", hook)
    bundled = not doc_path or Path(doc_path).resolve() == locations.BUNDLED_DOC.resolve()
    sys.argv = ["policy-tui", *options, *([] if bundled else [doc_path])]
    sys.exit(cli.run())


def child_app(doc_path: str) -> None:
    """policy-tui on the plan, exiting after its first refresh, as the bare app."""

    def subclass(base: type) -> type:
        from tui.ui.widgets.reader import ReaderView

        class Bench(base):  # type: ignore[valid-type,misc]
            def on_mount(self) -> None:
                super().on_mount()
                self.call_after_refresh(self._check)

            def _check(self) -> None:
                # As the bare app: exit after the first refresh, if it painted the
                # reader's text; otherwise wait for the refresh that does.
                if self.screen.query_one(ReaderView).has_painted:
                    note_moment("settled")
                    self.exit()
                else:
                    self.call_after_refresh(self._check)

        return Bench

    run_cli_app(doc_path, [], subclass)


# --- running a child on a pseudo terminal ------------------------------------------------


# Users run with .pyc files; this sandbox sets PYTHONDONTWRITEBYTECODE=1, so
# every child would compile tui/, textual and rich from source.  Children run
# "with .pyc" get a bytecode cache of their own (PYTHONPYCACHEPREFIX, outside
# the checkout: nothing is written into it), filled by the warm-up runs.
PYCACHE = Path(tempfile.gettempdir()) / "policy-tui-bench-pycache"


def child_env(pyc: bool, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a child run with (or without) .pyc files."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PYTHONPYCACHEPREFIX", None)
    if pyc:
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra or {})
    return env


def run_on_pty(argv: list[str], env_extra: dict[str, str], cwd: Path, pyc: bool = True) -> float:
    """Seconds from spawn to exit of ``argv`` on a 120x40 pty (output drained).

    Raises RuntimeError on a non-zero exit.  Shared with bench_app.
    """
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    # Each child remembers nothing (a fresh state folder): the user's remembered
    # position and search would change what is drawn, and the app saves it on exit.
    state = tempfile.TemporaryDirectory(prefix="policy-tui-bench-state-")
    env = child_env(pyc, {"TERM": "xterm-256color", "COLUMNS": str(COLUMNS), "LINES": str(LINES),
                          "XDG_STATE_HOME": state.name, **env_extra})
    env.pop("TEXTUAL", None)
    drained = threading.Event()

    def drain() -> None:
        try:
            while os.read(master, 65536):
                pass
        except OSError:
            pass
        drained.set()

    threading.Thread(target=drain, daemon=True).start()
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd,
                            start_new_session=True)
    # A blocking wait, killed by a timer if it hangs: ``wait(timeout=...)`` polls
    # with sleeps of up to 50 ms, which rounded every figure up to a 50 ms step.
    watchdog = threading.Timer(60, proc.kill)
    watchdog.start()
    code = proc.wait()
    elapsed = time.perf_counter() - started
    watchdog.cancel()
    os.close(slave)
    drained.wait(2)
    os.close(master)
    state.cleanup()
    if code != 0:
        raise RuntimeError(f"{argv[2:4]} child exited with {code}")
    return elapsed


def time_child(kind: str, doc_path: str, pyc: bool = True) -> dict[str, float]:
    """Seconds from spawn to each moment a child on a 120x40 pty notes
    (``first-text``, ``settled``), and to its ``exit``."""
    # Never read or create the user's annotation database from a benchmark.
    db = os.path.join(tempfile.gettempdir(), f"policy-tui-bench-{os.getpid()}", "none.json")
    with tempfile.TemporaryDirectory(prefix="policy-tui-bench-paint-") as tmp:
        moments = Path(tmp) / "moments"
        wall = time.time()
        exit_after = run_on_pty([sys.executable, __file__, "--child", kind, doc_path],
                                {"POLICY_TUI_DB": db, "BENCH_MOMENTS": str(moments),
                                 "BENCH_PROBE": probe_for(doc_path)}, ROOT, pyc)
        times = {"exit": exit_after}
        for line in moments.read_text(encoding="utf-8").splitlines():
            name, at = line.split()
            times[name] = float(at) - wall
    return times


def plan_path() -> tuple[str, str]:
    """The processed bundled plan, or a processed copy of the raw one (and a note)."""
    from tui import locations

    if locations.BUNDLED_DOC.exists():
        return str(locations.BUNDLED_DOC), ""
    from tui.document.serialize import write_json
    from tui.ingest.load import load_document

    path = Path(tempfile.gettempdir()) / "policy-tui-bench-plan.json"
    write_json(load_document(None), path)
    return str(path), " (processed copy)"


def scaled_doc(doc: Document, n: int) -> Document:
    """``doc`` with its chapters repeated to ``n`` copies (ids prefixed ``x<k>.``): a big plan
    with the seed's real text, structure, damage and search terms, without an import."""
    roots = [s.id for s in doc.sections if s.parent_id is None and s.kind not in ("front", "preface")]
    inside: set[str] = set()
    for s in doc.sections:  # pre-order: a parent is seen before its children
        if s.id in roots or s.parent_id in inside:
            inside.add(s.id)
    sections, blocks = list(doc.sections), list(doc.blocks)
    measures, spots = list(doc.measures), list(doc.spots)
    for k in range(1, n):
        def re_id(old: str, k: int = k) -> str:
            return f"x{k}.{old}"

        for s in doc.sections:
            if s.id in inside:
                sections.append(dataclasses.replace(
                    s, id=re_id(s.id), parent_id=re_id(s.parent_id) if s.parent_id else None,
                    child_ids=tuple(re_id(c) for c in s.child_ids)))
        for b in doc.blocks:
            if b.section_id in inside:
                blocks.append(dataclasses.replace(b, section_id=re_id(b.section_id),
                                                  measure_ids=tuple(re_id(m) for m in b.measure_ids)))
                for mid in b.measure_ids:
                    m = doc.measure_by_id[mid]
                    measures.append(dataclasses.replace(m, id=re_id(m.id), section_id=re_id(m.section_id)))
        spots += [dataclasses.replace(s, measure_id=re_id(s.measure_id)) for s in doc.spots
                  if doc.measure_by_id[s.measure_id].section_id in inside]
    return dataclasses.replace(doc, id=f"{doc.id}-x{n}", sections=tuple(sections), measures=tuple(measures),
                               blocks=tuple(blocks), spots=tuple(spots))


def scaled_plan_path(n: int) -> str:
    """A processed plan ``n`` times the bundled one (see ``scaled_doc``), written once per run."""
    if n == 1:
        return plan_path()[0]
    from tui.document.serialize import load_json, write_json

    path = Path(tempfile.gettempdir()) / f"policy-tui-bench-plan-x{n}-{os.getpid()}.json"
    if not path.exists():
        write_json(scaled_doc(load_json(Path(plan_path()[0])), n), path)
    return str(path)


def first_paint(runs: int) -> list[dict]:
    """Spawn to the first frame showing the plan's text, app against the bare app, with and
    without .pyc; with .pyc also to the first refresh after start-up and to the exit."""
    doc_path, note = plan_path()
    rows = []
    for pyc in (True, False):
        time_child("bare", doc_path, pyc)  # warm the file cache (and write the .pyc files)
        time_child("app", doc_path, pyc)
        bare: list[dict[str, float]] = []
        app: list[dict[str, float]] = []
        for _ in range(runs):
            bare.append(time_child("bare", doc_path, pyc))
            app.append(time_child("app", doc_path, pyc))

        def med(times: list[dict[str, float]], moment: str) -> float:
            return statistics.median(t[moment] for t in times) * 1000

        how = "with .pyc" if pyc else "without .pyc"
        base = f"bare Tree+TextArea app, {how}"
        rows.append(row(f"first readable screen, bundled plan{note}, {how}", med(app, "first-text"), base,
                        med(bare, "first-text"), f"ratio ≤ {TARGET_RATIO}" if pyc else ""))
        if pyc:
            rows.append(row("  … to the first refresh after start-up", med(app, "settled"), base, med(bare, "settled")))
            rows.append(row("  … to the exit after it", med(app, "exit"), base, med(bare, "exit")))
    return rows


# --- jump latency with Pilot ---------------------------------------------------------------


# Frames that only move a scrollbar thumb or animate a notice are not part of a jump.
INCIDENTAL = {"ScrollBar", "Toast", "ToastRack"}
# What a key's result looks like: the screen it is on and a widget it must repaint
# (a screen repainted as a whole, with no dirty widgets listed, counts too).
RESULT = {"n": ("ReaderScreen", "ReaderView"), "j": ("ReaderScreen", "ReaderView"),
          "m": ("PickerScreen", "OptionList"), "enter": ("ReaderScreen", "ReaderView"),
          "down": ("Screen", "TextArea")}
TARGET_KEYS = 1.3  # issue 14: n, m and j at p90 within 1.3x a bare cursor move


class Recorder:
    """Times keys from the moment the driver posts them to the end of the frame showing the result."""

    def __init__(self, app: Any, pilot: Any) -> None:
        self.app, self.pilot = app, pilot
        self.frames: list[tuple[float, str, set[str]]] = []  # (end time, screen class, painted widgets)
        self.sent: list[float] = []
        self.times: dict[str, list[tuple[float, float]]] = {}

    def install(self) -> Callable[[], None]:
        """Hook every screen's repaint and the driver's key posts; returns the undo."""
        from textual.screen import Screen

        original = Screen._compositor_refresh
        frames = self.frames

        def refresh(screen: Screen[Any]) -> None:
            dirty = {type(w).__name__ for w in screen._dirty_widgets}
            original(screen)
            frames.append((time.perf_counter(), type(screen).__name__, dirty))

        Screen._compositor_refresh = refresh  # type: ignore[method-assign]
        driver = self.app._driver
        assert driver is not None
        send = driver.send_message

        def send_message(message: object) -> None:
            self.sent.append(time.perf_counter())
            send(message)

        driver.send_message = send_message

        def undo() -> None:
            Screen._compositor_refresh = original  # type: ignore[method-assign]

        return undo

    async def timed(self, key: str) -> None:
        self.frames.clear()
        self.sent.clear()
        await self.pilot.press(key)
        await self.pilot.pause()
        await self.pilot.pause()
        screen_name, widget = RESULT[key]
        shown = [end for end, name, dirty in self.frames
                 if name == screen_name and (not dirty or widget in dirty or screen_name in dirty)]
        real = [end for end, _, dirty in self.frames if not dirty or dirty - INCIDENTAL]
        if DEBUG:
            print(key, [(round((e - self.sent[0]) * 1000, 1), n, sorted(d)) for e, n, d in self.frames],
                  file=sys.stderr)
        assert shown, f"no frame showed the result of {key}"
        self.times.setdefault(key, []).append(((shown[0] - self.sent[0]) * 1000, (real[-1] - self.sent[0]) * 1000))


async def _jumps(runs: int, doc_path: str) -> dict[str, list[tuple[float, float]]]:
    """Per key: (ms to the first frame showing the result, ms until frames settle)."""
    from tui.cli.reader import prepare
    from tui.ui.app import PolicyApp
    from tui.ui.screens.reader_screen import ReaderScreen

    opening = prepare([doc_path] if doc_path else [])
    app = PolicyApp(opening.document, db=os.path.join(tempfile.gettempdir(), "policy-tui-bench-none", "db.json"))
    async with app.run_test(size=(COLUMNS, LINES)) as pilot:
        recorder = Recorder(app, pilot)
        undo = recorder.install()
        try:
            await pilot.press("slash", *"集团化办学", "enter")
            await pilot.pause()
            for _ in range(runs):
                await recorder.timed("n")
                await recorder.timed("j")
                await recorder.timed("m")
                await pilot.press("down")
                await recorder.timed("enter")
                assert isinstance(app.screen, ReaderScreen)
        finally:
            undo()
    return recorder.times


async def _bare_moves(runs: int, doc_path: str) -> list[tuple[float, float]]:
    """A bare cursor move: ``down`` in the read-only TextArea of the bare app, same plan, same timing."""
    from tui.document.serialize import load_json

    app = bare_app(load_json(Path(doc_path)), exit_after_refresh=False)
    async with app.run_test(size=(COLUMNS, LINES)) as pilot:
        from textual.widgets import TextArea

        app.query_one(TextArea).focus()
        await pilot.pause()
        recorder = Recorder(app, pilot)
        undo = recorder.install()
        try:
            for _ in range(runs * 3):
                await recorder.timed("down")
        finally:
            undo()
    return recorder.times["down"]


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[-1] if len(values) > 1 else values[0]


def jumps(runs: int, scales: tuple[int, ...] = (1, 50)) -> list[dict]:
    """Key latencies on the bundled plan and on bigger ones, all against one strict baseline:
    a bare cursor move on the bundled plan (a big plan should feel like the small one;
    the bare TextArea itself slows down on a big text, and its own figure is shown)."""
    bare = [t for t, _ in asyncio.run(_bare_moves(runs, scaled_plan_path(1)))]
    base_name = "bare TextArea cursor move, bundled plan"
    labels = {
        "j": "j: next measure",
        "n": "n: next hit across chapters",
        "m": "m: open the mentions list",
        "enter": "enter in mentions: jump to the hit",
    }
    rows = []
    for scale in scales:
        times = asyncio.run(_jumps(runs, scaled_plan_path(scale)))
        plan = "bundled plan" if scale == 1 else f"plan {scale}x the bundled one"
        for key, label in labels.items():
            shown = [t for t, _ in times[key]]
            target = f"p90 ratio ≤ {TARGET_KEYS}" if key in "jnm" else ""
            rows.append(row(f"{label}, {plan}, to the frame showing it (p90)", p90(shown), f"{base_name} (p90)",
                            p90(bare), target))
            rows.append(row("  … median", statistics.median(shown), f"{base_name} (median)",
                            statistics.median(bare)))
            if scale == 1:
                settled = statistics.median(s for _, s in times[key])
                rows.append(row("  … until repaints settle (median)", settled, f"{base_name} (median)",
                                statistics.median(bare)))
        if scale != 1:
            big = [t for t, _ in asyncio.run(_bare_moves(runs, scaled_plan_path(scale)))]
            rows.append(row(f"  (bare TextArea cursor move, {plan}, median)", statistics.median(big),
                            f"{base_name} (median)", statistics.median(bare)))
    return rows


# Presses per key: at 20, p90 was decided by the two slowest presses and moved between runs.
PRESSES, QUICK_PRESSES = 40, 5


def run(quick: bool = False) -> list[dict]:
    runs = 3 if quick else 9
    return first_paint(runs) + jumps(QUICK_PRESSES if quick else PRESSES)


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "--child":
        sys.path.insert(0, str(ROOT))
        (child_bare if sys.argv[2] == "bare" else child_app)(sys.argv[3])
        sys.exit(0)
    for r in run(quick="--quick" in sys.argv):
        ratio = "-" if r["ratio"] is None else f"{r['ratio']:.2f}"
        print(f"{r['figure']:48} {r['median_ms']:9.1f} ms  {r['baseline']:32} {r['baseline_ms']:9.1f} ms  "
              f"ratio {ratio:>5}  {r['target']}")
