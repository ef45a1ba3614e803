"""The aims of `make bench`: each entry's aims, whether they hold, and the printed table.

An aim bounds an entry's ``ratio`` (to a baseline timed in the same run), its ``median_s`` (only
where DESIGN.md or an issue names a time) or its ``value`` (an accuracy); ``source`` says who set
it. No timing happens here, so the judging is unit-tested (``tests/test_bench_aims.py``).
"""

from __future__ import annotations

from collections.abc import Callable

_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": lambda x, limit: x < limit,
    "<=": lambda x, limit: x <= limit,
    ">=": lambda x, limit: x >= limit,
}


def aim(on: str, op: str, limit: float, source: str) -> dict:
    """An aim on an entry's ``ratio``, ``median_s`` or ``value``; ``source`` names who set it."""
    if op not in _OPS:
        raise ValueError(f"aim operator {op!r}: use one of {', '.join(_OPS)}")
    return {"on": on, "op": op, "limit": limit, "source": source}


def judge(entries: list[dict]) -> list[str]:
    """Mark every aim as holding or not; return the names of the entries that miss one."""
    missed = []
    for e in entries:
        for a in e.get("aims", ()):
            a["holds"] = bool(_OPS[a["op"]](e[a["on"]], a["limit"]))
        if "aims" in e:
            e["holds"] = all(a["holds"] for a in e["aims"])
            if not e["holds"]:
                missed.append(e["name"])
    return missed


def _aim_text(a: dict) -> str:
    if a["on"] == "ratio":
        limit = f"{a['limit']:g}x"
    elif a["on"] == "median_s":
        limit = f"{a['limit']:g} s"
    else:
        limit = f"{a['limit']:.4f}"
    return f"{a['on']} {a['op']} {limit} ({a['source']})"


def report(entries: list[dict], missed: list[str]) -> None:
    print(f"{'benchmark':<62} {'median_s':>9} {'ratio':>7} {'value':>7}  aim -> holds")
    for e in entries:
        median = f"{e['median_s']:.5f}" if "median_s" in e else ""
        ratio = f"{e['ratio']:.1f}x" if e.get("ratio") is not None else ""
        value = f"{e['value']:.4f}" if "value" in e else ""
        if "aims" in e:
            aims = "; ".join(
                f"{_aim_text(a)} -> {'yes' if a['holds'] else 'MISSED'}" for a in e["aims"]
            )
        elif e.get("ratio_to") in (e["name"], e["name"].split("[")[0]):
            aims = "baseline"
        elif "base" in e:
            aims = f"no aim named (base without questions {e['base']:.4f})"
        else:
            aims = "no aim named"
        extra = f" n={e['n']}" if "n" in e else ""
        print(f"{e['name']:<62} {median:>9} {ratio:>7} {value:>7}  {aims}{extra}")
    total = sum(len(e.get("aims", ())) for e in entries)
    if missed:
        print(f"MISSED: {len(missed)} of {sum('aims' in e for e in entries)} entries with aims "
              f"({total} aims): {', '.join(missed)}")  # fmt: skip
    else:
        print(f"all {total} aims hold")
