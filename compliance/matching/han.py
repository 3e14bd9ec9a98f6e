"""Chinese (Han) company names: split into place | trade name | industry words | legal form.

深圳市|大疆|创新科技|有限公司 becomes the tokens `shenzhen`, `dajiang`, `innovation`,
`technology` with the legal form 有限公司 set aside, so it can meet the English listing
"Shenzhen DJI Innovation Technology Co., Ltd." or the pinyin "Shenzhen Dajiang ...".
Places and industry words map to their usual English renderings (the glosses of CC-CEDICT,
CC BY-SA 4.0, https://cc-cedict.org/wiki/, or the form names use where it differs; several where
usage varies: 工业大学 is "University of Technology", "Polytechnical University" or
"Institute of Technology"); everything else is a trade name, read as joined toneless
pinyin as pypinyin reads it (its phrase dictionary gets polyphones right: 重庆 chongqing,
银行 yinhang), from a table derived from pypinyin's dictionaries (`pinyin_table.py`) so
that start-up does not pay for importing them. Traditional characters become simplified
first (OpenCC tables via opencc-python-reimplemented), so 商湯集團 and 商汤集团 are one name.

A slot is a tuple of alternative English tokens; a slot whose first alternative starts
with "?" is optional (it may be absent from the other name without cost).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

from compliance.matching.scripts import is_han

Slot = tuple[str, ...]

#: Places: provinces, large cities, regions. Admin suffixes (省, 市, 区, ...) after a place are dropped.
PLACES: dict[str, tuple[Slot, ...]] = {
    "北京": (("beijing", "peking"),), "上海": (("shanghai",),), "天津": (("tianjin",),),
    "重庆": (("chongqing",),), "河北": (("hebei",),), "山西": (("shanxi",),), "辽宁": (("liaoning",),),
    "吉林": (("jilin",),), "黑龙江": (("heilongjiang",),), "江苏": (("jiangsu",),), "浙江": (("zhejiang",),),
    "安徽": (("anhui",),), "福建": (("fujian",),), "江西": (("jiangxi",),), "山东": (("shandong",),),
    "河南": (("henan",),), "湖北": (("hubei",),), "湖南": (("hunan",),), "广东": (("guangdong",),),
    "海南": (("hainan",),), "四川": (("sichuan",),), "贵州": (("guizhou",),), "云南": (("yunnan",),),
    "陕西": (("shaanxi", "shanxi"),), "甘肃": (("gansu",),), "青海": (("qinghai",),),
    "台湾": (("taiwan",),), "内蒙古": (("inner", "neimenggu"), ("mongolia", "neimenggu")),
    "广西": (("guangxi",),), "西藏": (("tibet", "xizang"),), "宁夏": (("ningxia",),),
    "新疆": (("xinjiang",),), "香港": (("hongkong",),), "澳门": (("macau", "macao"),),
    "深圳": (("shenzhen",),), "广州": (("guangzhou",),), "杭州": (("hangzhou",),), "南京": (("nanjing",),),
    "武汉": (("wuhan",),), "成都": (("chengdu",),), "西安": (("xian",),), "哈尔滨": (("harbin",),),
    "长沙": (("changsha",),), "沈阳": (("shenyang",),), "大连": (("dalian",),), "青岛": (("qingdao",),),
    "厦门": (("xiamen",),), "苏州": (("suzhou",),), "无锡": (("wuxi",),), "宁波": (("ningbo",),),
    "合肥": (("hefei",),), "郑州": (("zhengzhou",),), "济南": (("jinan",),), "福州": (("fuzhou",),),
    "昆明": (("kunming",),), "贵阳": (("guiyang",),), "南昌": (("nanchang",),), "太原": (("taiyuan",),),
    "石家庄": (("shijiazhuang",),), "长春": (("changchun",),), "兰州": (("lanzhou",),),
    "乌鲁木齐": (("urumqi", "wulumuqi"),), "呼和浩特": (("hohhot",),), "南宁": (("nanning",),),
    "海口": (("haikou",),), "银川": (("yinchuan",),), "西宁": (("xining",),), "拉萨": (("lhasa",),),
    "东莞": (("dongguan",),), "佛山": (("foshan",),), "珠海": (("zhuhai",),), "中山": (("zhongshan",),),
    "惠州": (("huizhou",),), "绵阳": (("mianyang",),), "洛阳": (("luoyang",),), "株洲": (("zhuzhou",),),
    "常州": (("changzhou",),), "南通": (("nantong",),), "烟台": (("yantai",),), "潍坊": (("weifang",),),
    "温州": (("wenzhou",),), "绍兴": (("shaoxing",),), "嘉兴": (("jiaxing",),), "泉州": (("quanzhou",),),
    "汕头": (("shantou",),), "宜昌": (("yichang",),), "襄阳": (("xiangyang",),), "包头": (("baotou",),),
    "鞍山": (("anshan",),), "唐山": (("tangshan",),), "保定": (("baoding",),), "宝鸡": (("baoji",),),
    "汉中": (("hanzhong",),), "自贡": (("zigong",),), "德阳": (("deyang",),), "镇江": (("zhenjiang",),),
    "扬州": (("yangzhou",),), "徐州": (("xuzhou",),), "芜湖": (("wuhu",),), "九江": (("jiujiang",),),
    "喀什": (("kashgar", "kashi"),), "阿克苏": (("aksu",),), "和田": (("hotan", "hetian"),),
    "吐鲁番": (("turpan", "tulufan"),), "哈密": (("hami",),), "石河子": (("shihezi",),),
    "昌吉": (("changji",),), "伊犁": (("ili", "yili"),), "克拉玛依": (("karamay",),), "库尔勒": (("korla",),),
    "中关村": (("zhongguancun",),), "浦东": (("pudong",),), "海淀": (("haidian",),),
    "西北": (("northwestern", "northwest", "xibei"),), "东北": (("northeastern", "northeast", "dongbei"),),
    "西南": (("southwestern", "southwest", "xinan"),), "东南": (("southeast", "southeastern", "dongnan"),),
    "华中": (("huazhong", "central"),), "华南": (("huanan", "south"),), "华东": (("huadong", "east"),),
    "华北": (("huabei", "north"),), "中国": (("china", "chinese", "zhongguo"),), "中华": (("china", "zhonghua"),),
    "国防": (("defense",), ("?national",)),
}
ADMIN_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市", "区", "县")

#: Industry and institution words → English.
INDUSTRY: dict[str, tuple[Slot, ...]] = {
    "科技": (("technology",), ("?science",)), "技术": (("technology",),), "电子": (("electronic",),),
    "研究所": (("?research",), ("institute",)), "研究院": (("?research",), ("institute", "academy")),
    "研究中心": (("research",), ("center",)), "大学": (("university",),),
    "学院": (("college", "institute", "academy"),), "科学院": (("academy",), ("science",)),
    "工业大学": (("technology", "polytechnical", "industry"), ("university", "institute")),
    "理工大学": (("technology", "polytechnical"), ("university", "institute"), ("?science",)),
    "科技大学": (("technology",), ("university",), ("?science",)),
    # CC-CEDICT 理工 "science and engineering as academic subjects"; in names of colleges rendered
    # "science and technology" as 理工大学 above is
    "理工": (("science",), ("technology", "engineering")),
    # CC-CEDICT glosses, with the pinyin kept as a rendering: a trade name may be written in these words
    "研究": (("research", "yanjiu"),), "学校": (("school", "xuexiao"),), "医院": (("hospital", "yiyuan"),),
    "银行": (("bank", "yinhang"),), "证券": (("security", "zhengquan"),), "保险": (("insurance", "baoxian"),),
    "电信": (("telecommunication", "dianxin"),), "石油": (("petroleum", "oil", "shiyou"),),
    "化学": (("chemical", "chemistry", "huaxue"),), "海洋": (("ocean", "haiyang"),),
    "运输": (("transport", "transportation", "yunshu"),), "建筑": (("construction", "building", "jianzhu"),),
    "铁路": (("railway", "railroad", "tielu"),), "航运": (("shipping", "hangyun"),), "港口": (("port", "harbor", "gangkou"),),
    "天然气": (("natural", "tianranqi"), ("?gas",)),
    "师范大学": (("normal",), ("university",)), "交通大学": (("jiaotong", "communication"), ("university",)),
    "航空航天": (("aeronautic", "aerospace", "aviation"), ("astronautic", "aerospace", "space")),
    "航空": (("aviation", "aeronautic", "aero"),), "航天": (("aerospace", "astronautic", "space"),),
    "信息": (("information",),), "通信": (("communication", "telecommunication"),),
    "通讯": (("communication", "telecommunication"),), "半导体": (("semiconductor",),),
    "集成电路": (("integrated",), ("circuit",)), "微电子": (("microelectronic",),),
    "光电": (("optoelectronic", "photoelectric"),), "工业": (("industry",),),
    "机械": (("machinery",),), "设备": (("equipment",),), "制造": (("manufacturing",),),
    "精密": (("precision",),), "仪器": (("instrument",),), "材料": (("material",),),
    "化工": (("chemical",),), "能源": (("energy",),), "网络": (("network",),), "软件": (("software",),),
    "智能": (("intelligent", "intelligence", "smart"),), "国际": (("international",),),
    "贸易": (("trading",),), "进出口": (("import",), ("export",)), "发展": (("development",),),
    "投资": (("investment",),), "控股": (("holding",),), "实业": (("industry",),),
    "物流": (("logistics",),), "船舶": (("shipbuilding", "ship"),), "重工": (("heavy",), ("industry",)),
    "电力": (("power", "electric"),), "数据": (("data",),), "系统": (("system",),),
    "工程": (("engineering",),), "创新": (("innovation",),), "光学": (("optic",),),
    "电气": (("electric",),), "科学": (("science",),), "医学": (("medical", "medicine"),),
    "生物": (("biological", "bio", "biotechnology"),), "中心": (("center",),), "数字": (("digital",),),
    "视觉": (("vision",),), "机器人": (("robotic", "robot"),), "汽车": (("automobile",),),
    "计算机": (("computer",),), "计算": (("computing",),), "超级计算": (("supercomputing",),),
    "国家": (("national", "state"),), "军事": (("military",),), "装备": (("equipment",),),
    "兵器": (("ordnance",),), "核": (("nuclear",),), "导弹": (("missile",),), "火箭": (("rocket",),),
    "卫星": (("satellite",),), "雷达": (("radar",),), "自动化": (("automation",),),
    "控制": (("control",),), "动力": (("power",),), "发动机": (("engine",),), "电池": (("battery",),),
    "激光": (("laser",),), "光纤": (("fiber",),), "纺织": (("textile",),), "棉": (("cotton",),),
    "农业": (("agricultural", "agriculture"),), "食品": (("food",),), "服装": (("garment", "apparel"),),
    "光伏": (("photovoltaic", "solar"),), "多晶硅": (("polysilicon",),), "硅业": (("silicon",),),
    "矿业": (("mining",),), "钢铁": (("steel",),), "稀土": (("rare",), ("earth",)),
    "药业": (("pharmaceutical",),), "制药": (("pharmaceutical",),), "医药": (("pharmaceutical", "medicine"),),
    "显示": (("display",),), "传感": (("sensor", "sensing"),), "芯片": (("chip",),),
    "新材料": (("new",), ("material",)), "新能源": (("new",), ("energy",)), "电器": (("appliance", "electric"),),
    "商贸": (("trading",),), "服务": (("service",),), "管理": (("management",),), "研发": (("research",), ("development",)),
    "厂": (("factory", "plant", "works"),), "分院": (("branch",), ("academy",)),
    "人民解放军": (("?pla", "people"), ("?liberation",), ("?army",)), "解放军": (("?pla", "liberation"), ("?army",)),
    "空军": (("air",), ("force",)), "海军": (("navy", "naval"),), "陆军": (("army",),), "火箭军": (("rocket",), ("force",)),
    "人工智能": (("artificial",), ("intelligence",)), "量子": (("quantum",),), "邮电": (("posts",), ("telecommunication",)),
    "运载火箭": (("launch",), ("vehicle",)), "机电": (("mechatronics", "electromechanical"),), "空间": (("space",),),
    "物理": (("physics",),), "科工": (("science",), ("industry",)), "警察": (("police",),), "公安": (("public",), ("security",)),
    "实验室": (("laboratory", "lab"),), "重点实验室": (("key",), ("laboratory", "lab")), "微系统": (("microsystem",),),
    "应用": (("application", "applied", "utilization"),), "设计": (("design",),), "空天": (("aerospace",),),
    "精密机械": (("fine", "precision"), ("mechanics", "machinery")), "野战": (("field",),), "输血": (("blood",), ("transfusion",)),
    "生物工程": (("bioengineering",),), "疾病": (("disease",),), "预防": (("prevention",),), "卫生": (("health", "hygiene"),),
    "环境": (("environmental", "environment"),), "医疗": (("medical",),), "微生物": (("microbiology",),),
    "流行病学": (("epidemiology",),), "放射": (("radiation",),), "毒理": (("toxicology",),), "药理": (("pharmacology",),),
    "兽医": (("veterinary",),), "工程": (("engineering",),), "部": (("department",),), "设计部": (("design",), ("department",)),
    "总体": (("?general",),), "授时": (("time",), ("service",)), "勤务": (("service",),), "基础": (("basic",),),
    "生产": (("production",),), "建设": (("construction",),), "兵团": (("corps",),), "监狱": (("prison",),),
    "局": (("bureau", "administration"),), "厅": (("department", "bureau"),), "委员会": (("commission", "committee"),),
}

#: Legal / organisational forms, longest first when matched.
LEGAL_FORMS: frozenset[str] = frozenset(
    "集团股份有限公司 集团有限责任公司 集团有限公司 股份有限公司 有限责任公司 有限公司 集团公司 "
    "股份公司 责任公司 总公司 分公司 公司 集团 株式会社".split()
)

_NUMERALS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}

_LEXICON: dict[str, tuple[str, tuple[Slot, ...]]] = {
    **{word: ("industry", slots) for word, slots in INDUSTRY.items()},
    **{word: ("place", slots) for word, slots in PLACES.items()},
    **{word: ("legal", ()) for word in LEGAL_FORMS},
}
_LONGEST = max(len(w) for w in _LEXICON)


@dataclass(frozen=True)
class HanPart:
    """One piece of a Han name: its characters, what it is, and its Latin slots."""

    text: str
    kind: str  # place | trade | industry | legal | number
    slots: tuple[Slot, ...]


@lru_cache(maxsize=1)
def _converter():
    from opencc import OpenCC

    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified characters (unchanged when already simplified).

    Loading OpenCC's tables costs a run ~10 ms, and most Han names are written simplified
    already: a text that holds none of the characters or phrases the t2s tables change
    comes back as it is, without them (`_changing`)."""
    chars, phrases = _changing()
    if not any(ch in chars for ch in text) and not any(phrase in text for phrase in phrases):
        return text
    return _converter().convert(text)


@lru_cache(maxsize=1)
def _changing() -> tuple[frozenset[str], tuple[str, ...]]:
    """(the characters t2s changes, the phrases it changes that hold none of those characters: 反覆 → 反复).

    OpenCC replaces only what a table entry matches, so a text holding neither is unchanged.
    Kept in the warm cache, keyed by the code and the tables' size and time."""
    from compliance.support import warmcache

    paths = _t2s_tables()
    stamps = []
    for path in paths:
        try:
            stat = os.stat(path)
            stamps.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            stamps.append(f"{path}:absent")
    key = warmcache.key_of(warmcache.code_fingerprint(__name__), *stamps)
    return warmcache.cached("t2s-changing", key, tuple, lambda: _read_changing(paths))


def _t2s_tables() -> list[str]:
    """The dictionary files OpenCC's t2s conversion reads, from its own configuration."""
    import importlib.util
    import json

    spec = importlib.util.find_spec("opencc")
    if spec is None or not spec.submodule_search_locations:
        return []
    root = list(spec.submodule_search_locations)[0]
    with open(os.path.join(root, "config", "t2s.json"), encoding="utf-8") as handle:
        config = json.load(handle)

    def files(node: object) -> list[str]:
        if isinstance(node, dict):
            found = [os.path.join(root, "dictionary", node["file"])] if node.get("type") == "txt" and "file" in node else []
            return found + [f for value in node.values() for f in files(value)]
        if isinstance(node, list):
            return [f for value in node for f in files(value)]
        return []

    return sorted(set(files(config.get("conversion_chain", []))))


def _read_changing(paths: list[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    changed: dict[str, str] = {}
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                source, _, targets = line.rstrip("\n").partition("\t")
                first = targets.split(" ")[0]
                if source and first != source:
                    changed[source] = first
    chars = frozenset(key for key in changed if len(key) == 1)
    phrases = tuple(sorted(key for key in changed if len(key) > 1 and not any(ch in chars for ch in key)))
    return chars, phrases


def pinyin_of(text: str) -> str:
    """Joined toneless pinyin of a Han run, e.g. 华为 → huawei, 重庆 → chongqing."""
    from compliance.matching.pinyin_table import joined_pinyin  # pypinyin's readings, without importing it

    joined = joined_pinyin(text)
    if not joined:  # characters pypinyin has no reading for
        from anyascii import anyascii

        joined = "".join(ch for ch in anyascii(text).casefold() if ch.isalnum())
    return joined


def _chinese_number(text: str) -> int | None:
    total, current = 0, 0
    for ch in text:
        if ch in _NUMERALS:
            current = _NUMERALS[ch]
        elif ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def _numeral_run(text: str, start: int) -> int:
    end = start
    while end < len(text) and (text[end] in _NUMERALS or text[end] in _UNITS):
        end += 1
    return end


def segment(text: str) -> list[HanPart]:
    """Split a (simplified) Han run into parts, left to right, longest lexicon word first."""
    parts: list[HanPart] = []
    trade = ""

    def flush() -> None:
        nonlocal trade
        if trade:
            parts.append(HanPart(trade, "trade", ((pinyin_of(trade),),)))
            trade = ""

    i = 0
    while i < len(text):
        if text[i] == "第":
            end = _numeral_run(text, i + 1)
            number = _chinese_number(text[i + 1 : end]) if end > i + 1 else None
            if number is not None:
                flush()
                parts.append(HanPart(text[i:end], "number", ((str(number),),)))
                i = end
                continue
        match = next(
            (text[i : i + size] for size in range(min(_LONGEST, len(text) - i), 0, -1) if text[i : i + size] in _LEXICON),
            None,
        )
        if match is None:
            trade += text[i]
            i += 1
            continue
        flush()
        kind, slots = _LEXICON[match]
        end = i + len(match)
        if kind == "place":
            suffix = next((s for s in ADMIN_SUFFIXES if text.startswith(s, end)), "")
            end += len(suffix)
        parts.append(HanPart(text[i:end], kind, slots))
        i = end
    flush()
    return parts


def han_runs(text: str) -> list[tuple[bool, str]]:
    """Split text into (is_han, run) pieces."""
    runs: list[tuple[bool, str]] = []
    for ch in text:
        han = is_han(ch)
        if runs and runs[-1][0] == han:
            runs[-1] = (han, runs[-1][1] + ch)
        else:
            runs.append((han, ch))
    return runs
