"""Place words in Latin script: a name that drops or adds its city ("Hikvision Digital
Technology" / "Hangzhou Hikvision ...") or a branch's city is still the same name.

Places cost GENERIC_COST of their weight when only one name has them (score.py). The
Chinese places are the romanisations `han.PLACES` gives; the rest are countries, regions
and the cities that most often stand in company names on the lists.
"""

from __future__ import annotations

PLACE_WORDS: frozenset[str] = frozenset(
    """
    beijing peking shanghai tianjin chongqing hebei shanxi liaoning jilin heilongjiang jiangsu zhejiang anhui
    fujian jiangxi shandong henan hubei hunan guangdong hainan sichuan guizhou yunnan shaanxi gansu qinghai
    taiwan neimenggu mongolia guangxi tibet xizang ningxia xinjiang hongkong hong kong macau macao shenzhen
    guangzhou hangzhou nanjing wuhan chengdu xian harbin changsha shenyang dalian qingdao xiamen suzhou wuxi
    ningbo hefei zhengzhou jinan fuzhou kunming guiyang nanchang taiyuan shijiazhuang changchun lanzhou urumqi
    wulumuqi hohhot nanning haikou yinchuan xining lhasa dongguan foshan zhuhai zhongshan huizhou mianyang
    luoyang zhuzhou changzhou nantong yantai weifang wenzhou shaoxing jiaxing quanzhou shantou yichang
    xiangyang baotou anshan tangshan baoding baoji hanzhong zigong deyang zhenjiang yangzhou xuzhou wuhu
    jiujiang kashgar kashi aksu hotan hetian turpan tulufan hami shihezi changji yili karamay korla
    zhongguancun pudong haidian binjiang china chinese zhongguo zhonghua
    moscow moskva petersburg saint st novosibirsk yekaterinburg kazan samara omsk rostov ufa krasnoyarsk perm
    voronezh volgograd tula izhevsk russia russian rossiya
    dubai sharjah abu dhabi ajman emirates uae tehran iran iranian isfahan tabriz mashhad shiraz karachi lahore
    islamabad pakistan istanbul ankara izmir turkey turkiye minsk belarus kyiv kiev ukraine almaty kazakhstan
    tashkent uzbekistan damascus syria beirut lebanon baghdad iraq pyongyang korea seoul busan japan tokyo
    osaka singapore malaysia kuala lumpur thailand bangkok vietnam hanoi india mumbai delhi bangalore
    hamburg berlin munich germany london britain uk paris france netherlands amsterdam cyprus limassol
    nicosia armenia yerevan georgia tbilisi
    asia europe america american africa pacific usa hk prc
    """.split()
)
# Not "north", "southern", "central": "Southern University of Science and Technology" is not the
# University of Science and Technology of China with a place added.
