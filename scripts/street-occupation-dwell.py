#!/usr/bin/env python3
"""Street-occupation figures that `gridwatch eval` does not print, from its JSON report.

Usage: scripts/street-occupation-dwell.py DIR   (DIR: the folder given to `gridwatch eval --clips`,
holding eval-report.json and the clips' labels and scene files)

Prints, over all clips: zones and zone-days of footage, false alarms per zone-day, and for every
matched episode how long after its dwell time the alert came (alert delay after the episode's
start minus the zone's dwellSeconds): median, p95 and maximum.
"""
import json
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
report = json.loads((root / "eval-report.json").read_text())
zone_hours = 0.0
false_alarms = 0
excess = []
for clip in report["perClip"]:
    if clip["scene"] != "street-occupation":
        continue
    labels_file = next(p for p in root.rglob("*.labels.json") if json.loads(p.read_text())["video"] == clip["clip"])
    labels = json.loads(labels_file.read_text())
    scene_text = (labels_file.parent / labels["sceneFile"]).read_text()
    dwell = {m.group(1): float(m.group(2)) for m in re.finditer(r"- id: (\S+)\n\s+polygon: .*\n\s+dwellSeconds: ([0-9.]+)", scene_text)}
    zone_hours += len(dwell) * clip["durationMs"] / 3_600_000
    false_alarms += clip["falseAlarms"]
    missed = {(m["startMs"], m.get("zone")) for m in clip["missed"]}
    events = [e for e in labels["events"] if e["scene"] == "street-occupation" and e.get("priority") != "low"]
    matched = [e for e in events if (e["startMs"], e.get("zone")) not in missed]
    for event, delay in zip(matched, clip["startDelaysMs"]):
        excess.append(delay / 1000 - dwell[event["zone"]])
excess.sort()
zone_days = zone_hours / 24
print(f"zones x hours: {zone_hours:.2f} zone-hours = {zone_days:.3f} zone-days")
print(f"false alarms: {false_alarms} -> {false_alarms / zone_days:.2f} per zone-day")
if excess:
    p95 = excess[min(len(excess) - 1, int(0.95 * (len(excess) - 1) + 0.999))]
    print(f"alert after dwell time, {len(excess)} episodes: median {excess[len(excess) // 2]:.1f} s, "
          f"p95 {p95:.1f} s, max {excess[-1]:.1f} s, over 30 s: {sum(1 for x in excess if x > 30)}")
