#!/usr/bin/env python3
"""Writes anlong-county.json, the seed deployment's registry import file (see README.md).

Standard library only and deterministic: running it again writes the same bytes. The keys are DEMO keys
derived from the device id; never enrol a real device with them.
"""

import hashlib
import json
import math
from pathlib import Path

OUT = Path(__file__).with_name("anlong-county.json")

# Metres per degree near 25.1 N (WGS84), close enough to place receivers a few hundred metres apart.
M_PER_DEG_LAT = 110_790.0
M_PER_DEG_LON = 111_320.0 * math.cos(math.radians(25.10))

COMMUNITIES = [
    # id, code, Chinese, pinyin, centre (lat, lon), chips, elder wristbands, child wristbands
    ("wufu", "wf", "五福", "Wufu", (25.1010, 105.4690), 24, 12, 6),
    ("tiangu", "tg", "天鼓", "Tiangu", (25.0935, 105.4785), 20, 10, 6),
    ("shuanglong", "sl", "双龙", "Shuanglong", (25.1080, 105.4810), 18, 10, 5),
    ("jiulong", "jl", "九龙", "Jiulong", (25.0900, 105.4620), 16, 8, 5),
]

# Fixed base stations: (id suffix, Chinese, English, metres north, metres east, range).
FIXED_SITES = [
    ("gate-north", "北门", "north gate", 160, 20, 100),
    ("gate-south", "南门", "south gate", -150, -30, 90),
    ("pole-square", "广场灯杆", "square lamp pole", 10, 120, 80),
]

BIKES = [
    ("雅迪", "Yadea", "电动车", "e-bike"),
    ("爱玛", "Aima", "电动车", "e-bike"),
    ("台铃", "Tailg", "电动车", "e-bike"),
    ("新日", "Sunra", "电动车", "e-bike"),
    ("绿源", "Luyuan", "电动车", "e-bike"),
    ("小牛", "Niu", "电动车", "e-bike"),
    ("立马", "Lima", "电动车", "e-bike"),
    ("豪爵", "Haojue", "摩托车", "motorbike"),
    ("五羊-本田", "Wuyang-Honda", "摩托车", "motorbike"),
]

COLOURS = [
    ("蓝", "blue"), ("白", "white"), ("黑", "black"), ("红", "red"),
    ("灰", "grey"), ("绿", "green"), ("粉", "pink"), ("银", "silver"),
]

# Common surnames around Anlong, including Buyi and Miao families.
SURNAMES = [
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"),
    ("黄", "Huang"), ("罗", "Luo"), ("韦", "Wei"), ("岑", "Cen"), ("龙", "Long"), ("吴", "Wu"),
    ("周", "Zhou"), ("陆", "Lu"), ("班", "Ban"), ("潘", "Pan"), ("赵", "Zhao"), ("何", "He"),
]

CHILD_NAMES = [
    ("小明", "Xiaoming"), ("小红", "Xiaohong"), ("乐乐", "Lele"), ("豆豆", "Doudou"), ("朵朵", "Duoduo"),
    ("果果", "Guoguo"), ("阳阳", "Yangyang"), ("佳佳", "Jiajia"), ("浩浩", "Haohao"), ("婷婷", "Tingting"),
    ("子涵", "Zihan"), ("梓轩", "Zixuan"), ("欣怡", "Xinyi"), ("一诺", "Yinuo"), ("天佑", "Tianyou"),
    ("思琪", "Siqi"), ("俊杰", "Junjie"), ("雨桐", "Yutong"), ("诗涵", "Shihan"), ("宇航", "Yuhang"),
    ("嘉怡", "Jiayi"), ("明轩", "Mingxuan"),
]

CHIP_BASE = 0x11000001
WRISTBAND_BASE = 0x22000001


def demo_key(device_id: int) -> str:
    """First 16 bytes of SHA-256("safecommunity-demo-key:<id>"), as 32 lower-case hex digits."""
    digest = hashlib.sha256(f"safecommunity-demo-key:{device_id}".encode("ascii")).digest()
    return digest[:16].hex()


def offset(centre, north_m, east_m):
    lat, lon = centre
    return round(lat + north_m / M_PER_DEG_LAT, 6), round(lon + east_m / M_PER_DEG_LON, 6)


def dev_eui(device_id: int) -> str:
    # 70b3d57ed0 is the demo prefix of this seed; the low 32 bits are the device id, so every DevEUI is unique.
    return f"70b3d57e{device_id:08x}"


def communities():
    rows = []
    for cid, _, zh, py, _, _, _, _ in COMMUNITIES:
        rows.append({
            "id": cid,
            "name": f"{zh}社区 {py}",
            "timeZone": "Asia/Shanghai",
            "policeRoom": f"{zh}社区警务室 ({py} community police room)",
        })
    return rows


def receivers():
    rows = []
    for number, (cid, code, zh, py, centre, _, _, _) in enumerate(COMMUNITIES, start=1):
        for site_no, (suffix, site_zh, site_en, north, east, rng) in enumerate(FIXED_SITES, start=1):
            lat, lon = offset(centre, north, east)
            rows.append({
                "id": f"{cid}-{suffix}",
                "kind": "fixed-base-station",
                "community": cid,
                "name": f"{zh}{site_zh} ({py} {site_en})",
                "latitude": lat,
                "longitude": lon,
                "rangeMetres": rng,
                "hardwareId": 0x52000000 + number * 0x100 + site_no,
            })
        lat, lon = offset(centre, 30, -20)  # on the community office roof
        rows.append({
            "id": f"ac1f09fffe{number:06x}",
            "kind": "lorawan-gateway",
            "community": cid,
            "name": f"{zh}社区楼顶 LoRaWAN 网关 ({py} rooftop LoRaWAN gateway)",
            "latitude": lat,
            "longitude": lon,
            "rangeMetres": 2000,
        })
        lat, lon = offset(centre, -40, -60)
        rows.append({
            "id": f"{cid}-police-room-lora",
            "kind": "lora-p2p-module",
            "community": cid,
            "name": f"{zh}社区警务室 LoRa 模块 ({py} police room LoRa module)",
            "latitude": lat,
            "longitude": lon,
            "rangeMetres": 1500,
        })
        rows.append({
            "id": f"{cid}-patrol-car-1",
            "kind": "mobile",
            "community": cid,
            "name": f"{zh}巡逻车 ({py} patrol car)",
            "rangeMetres": 100,
            "hardwareId": 0x52000000 + number * 0x100 + 0x11,
        })
        for moto in range(1, 4):
            rows.append({
                "id": f"{cid}-patrol-moto-{moto}",
                "kind": "mobile",
                "community": cid,
                "name": f"{zh}巡逻摩托 {moto} ({py} patrol motorbike {moto})",
                "rangeMetres": 100,
                "hardwareId": 0x52000000 + number * 0x100 + 0x20 + moto,
            })
    return rows


def devices():
    rows = []
    chip_id = CHIP_BASE
    band_id = WRISTBAND_BASE
    lora_chips = 0
    for c_index, (cid, code, zh, py, _, chips, elders, children) in enumerate(COMMUNITIES):
        owner_no = 0
        for n in range(chips):
            brand_zh, brand_en, type_zh, type_en = BIKES[(n * 5 + c_index) % len(BIKES)]
            colour_zh, colour_en = COLOURS[(n * 3 + c_index * 2) % len(COLOURS)]
            # Every sixth owner has a second bike.
            if n == 0 or n % 6 != 1:
                owner_no += 1
            row = {
                "id": chip_id,
                "kind": "ebike-chip",
                "key": demo_key(chip_id),
                "displayName": f"{brand_zh}{type_zh} {colour_zh} ({brand_en} {type_en}, {colour_en})",
                "community": cid,
                "owner": f"owner-{code}-{owner_no:03d}",
            }
            # The first chips of each community on LoRa (10 in all): they carry a DevEUI.
            if n < (3 if c_index < 2 else 2):
                row["devEui"] = dev_eui(chip_id)
                lora_chips += 1
            if n == 7:
                row["silentTimeoutSeconds"] = 172800  # parked for long stretches: silent after 48 h, not 24 h
            if n == 11:
                row["lowBatteryPercent"] = 15
            rows.append(row)
            chip_id += 1

        household_no = 0
        surnames = SURNAMES[c_index * 4:] + SURNAMES[:c_index * 4]
        for n in range(elders):
            household_no += 1
            surname_zh, surname_en = surnames[n % len(surnames)]
            grandma = n % 2 == 0
            kin_zh, kin_en = ("奶奶", "Grandma") if grandma else ("爷爷", "Grandpa")
            row = {
                "id": band_id,
                "kind": "elder-wristband",
                "key": demo_key(band_id),
                "displayName": f"{surname_zh}{kin_zh}的手环 ({kin_en} {surname_en})",
                "community": cid,
                "owner": f"household-{code}-{household_no:03d}",
                "devEui": dev_eui(band_id),
            }
            if cid == "tiangu":
                row["networkServerDeviceId"] = f"wb-{code}-{n + 1:03d}"
            if n in (2, 5):
                row["silentTimeoutSeconds"] = 300  # wanders: the family wants to know after 5 minutes
            if n == 4:
                row["lowBatteryPercent"] = 30
            rows.append(row)
            band_id += 1

        for n in range(children):
            # Children live with the grandparents in the first households; the rest have their own.
            if n < 3:
                household = n * 2 + 1
            else:
                household_no += 1
                household = household_no
            name_zh, name_en = CHILD_NAMES[(c_index * 6 + n) % len(CHILD_NAMES)]
            row = {
                "id": band_id,
                "kind": "child-wristband",
                "key": demo_key(band_id),
                "displayName": f"{name_zh}的手环 ({name_en})",
                "community": cid,
                "owner": f"household-{code}-{household:03d}",
                "devEui": dev_eui(band_id),
            }
            if cid == "tiangu":
                row["networkServerDeviceId"] = f"wb-{code}-{elders + n + 1:03d}"
            if n == 1:
                row["silentTimeoutSeconds"] = 1800
            rows.append(row)
            band_id += 1

    assert lora_chips == 10, lora_chips
    return rows


def main():
    seed = {"communities": communities(), "receivers": receivers(), "devices": devices()}
    kinds = [d["kind"] for d in seed["devices"]]
    assert kinds.count("ebike-chip") == 78
    assert kinds.count("elder-wristband") == 40
    assert kinds.count("child-wristband") == 22
    text = json.dumps(seed, ensure_ascii=False, indent=2) + "\n"
    OUT.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {OUT.name}: {len(seed['communities'])} communities, {len(seed['receivers'])} receivers, "
          f"{len(seed['devices'])} devices")


if __name__ == "__main__":
    main()
