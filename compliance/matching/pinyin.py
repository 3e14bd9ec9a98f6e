"""Hanyu Pinyin syllables, to tell a changed syllable from a typo.

"Lixin" and "Lixing", "Jinqiao" and "Yinqiao" are one letter apart but are
different Chinese names: each spelling is a valid run of pinyin syllables. A token
that segments completely into syllables is treated as a romanised Chinese name, and
two different such tokens never fuzzy-match.

The syllable table is every toneless reading in pypinyin's character dictionary
(ü written v), minus the interjection-only readings m, n, ng, hm, hng.
"""

from __future__ import annotations

from functools import lru_cache

SYLLABLES: frozenset[str] = frozenset("""
a ai an ang ao ba bai ban bang bao bei ben beng bi bian biang biao bie bin bing bo bong bu
ca cai can cang cao ce cei cen ceng cha chai chan chang chao che chen cheng chi chong chou chu
chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de
dei den deng di dia dian diao die din ding diu dong dou du duan dui dun duo e ei en eng er fa
fan fang fei fen feng fiao fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai
guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui
hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke
kei ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei len leng li
lia lian liang liao lie lin ling liu lo long lou lu luan lue lun luo lv lve ma mai man mang mao
me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni
nia nian niang niao nie nin ning niu nong nou nu nuan nue nun nuo nv nve o ou pa pai pan pang
pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong
qiu qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san
sang sao se sen seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan
shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te tei teng ti tian
tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wong wu xi xia xian
xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu
yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng
zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo
""".split())

_LONGEST = max(len(s) for s in SYLLABLES)
#: The letters a syllable starts and ends with: a word starting or ending otherwise ("kowalczyk") is no pinyin,
#: whatever lies between.
_FIRST = frozenset(s[0] for s in SYLLABLES)
_LAST = frozenset(s[-1] for s in SYLLABLES)


@lru_cache(maxsize=65536)
def pinyin_syllables(token: str) -> tuple[str, ...] | None:
    """The token split into pinyin syllables (fewest syllables), or None if it is not pinyin."""
    if not token.isascii() or not token.isalpha() or token[0] not in _FIRST or token[-1] not in _LAST:
        return None
    n = len(token)
    best: list[tuple[str, ...] | None] = [None] * (n + 1)
    best[0] = ()
    for end in range(1, n + 1):
        for start in range(max(0, end - _LONGEST), end):
            prefix = best[start]
            piece = token[start:end]
            if prefix is not None and piece in SYLLABLES:
                candidate = prefix + (piece,)
                if best[end] is None or len(candidate) < len(best[end]):
                    best[end] = candidate
    return best[n]


def is_pinyin(token: str) -> bool:
    """True when the token is one or more pinyin syllables (e.g. "lixin", "huawei")."""
    return pinyin_syllables(token) is not None
