"""A city plan and a county plan that implements it, with the true alignment of their measures.

The county plan copies measures (with 全市 -> 全县), rewords them (other
numbers, other words, clauses reordered), drops some, adds its own, splits
one in two and moves one to another chapter.  Each
measure is one sentence, so after import every measure maps back to one
spec line; ``gold`` gives, for each county measure, the city measure it came
from (or None when the county added it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

COPY = "="  # the county copies the city's sentence (全市 -> 全县, 我市 -> 我县)
DROP = None  # the county has no counterpart

CITY_TITLE = "江城市“十四五”教育事业发展规划"
COUNTY_TITLE = "青山县“十四五”教育事业发展规划"
CITY_PREFACE = "为推进全市教育现代化，根据国家和省有关规划，结合本市实际，制定本规划。"
COUNTY_PREFACE = "为落实《江城市“十四五”教育事业发展规划》，结合本县实际，制定本规划。"

# (chapter, [(section or "", [(city sentence or None for a county addition, county form)])])
SPEC: list[tuple[str, list[tuple[str, list[tuple[str | None, str | None]]]]]] = [
    ("一、“十三五”时期教育发展成就", [
        ("（一）基础教育资源持续扩充", [
            ("“十三五”期间，全市新建、改扩建中小学校126所，新增学位8.6万个。",
             "“十三五”期间，全县新建、改扩建中小学校18所，新增学位1.2万个。"),
            ("全市学前三年毛入园率达到91%，义务教育巩固率达到97.5%。",
             "全县学前三年毛入园率由85%提高到90%，九年义务教育巩固率达到96.8%。"),
            ("大班额问题基本消除，城乡办学条件差距明显缩小。", COPY),
        ]),
        ("（二）教育改革不断深化", [
            ("积极推进集团化办学，组建教育集团42个，覆盖中小学校210所。",
             "组建教育集团9个，以集团化办学方式覆盖城乡学校46所。"),
            ("全面推行教师“县管校聘”管理改革，交流轮岗教师2300余人次。",
             "深入推进“县管校聘”改革，累计交流轮岗教师460人次。"),
            ("深化“双减”工作，义务教育学校课后服务实现全覆盖。", COPY),
            ("中招考试制度改革稳步推进，综合素质评价体系初步建立。", DROP),
        ]),
        ("（三）教师队伍建设成效明显", [
            ("实施“国培计划”“省培计划”，累计培训教师5.2万人次。",
             "依托“国培计划”“省培计划”开展教师培训，五年累计培训1.1万人次。"),
            ("评选市级名师、骨干教师1200名，培育名师工作室60个。", DROP),
            ("乡村教师生活补助政策全面落实，乡村教师队伍保持稳定。", COPY),
        ]),
    ]),
    ("二、发展环境与总体要求", [
        ("", [
            ("当前，我市教育发展面临人口结构变化、城镇化加速推进等新形势。",
             "当前，我县教育发展面临学龄人口向县城集中、农村学校规模持续缩小等新形势。"),
            ("优质教育资源总量不足、城乡区域发展不够均衡的问题依然存在。", COPY),
        ]),
        ("（一）指导思想", [
            ("坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的教育方针，落实立德树人根本任务。", COPY),
            ("坚持教育优先发展，以推动高质量发展为主题，加快推进教育现代化，办好人民满意的教育。", COPY),
        ]),
        ("（二）发展目标", [
            ("到2025年，全市学前三年毛入园率达到95%，普惠性幼儿园覆盖率达到90%以上。",
             "到2025年，全县学前三年毛入园率提高到93%，普惠性幼儿园覆盖率稳定在88%以上。"),
            ("义务教育巩固率保持在98%以上，高中阶段毛入学率达到95%。",
             "九年义务教育巩固率达到98%，高中阶段教育毛入学率提高到93%。"),
            ("到2035年，基本实现教育现代化，建成区域教育强市。",
             "到2035年，与全市同步基本实现教育现代化，建成教育强县。"),
            (None, "到2025年，全县每所乡镇寄宿制学校均达到省定办学标准。"),
        ]),
    ]),
    ("三、推进基本公共教育优质均衡", [
        ("（一）扩大普惠性学前教育资源", [
            ("新建、改扩建公办幼儿园80所，新增学前教育学位2.4万个。",
             "新建、改扩建公办幼儿园12所，新增学位3600个。"),
            ("落实城镇小区配套幼儿园建设、移交和使用政策，小区配套园全部办成公办园或普惠性民办园。", COPY),
            ("完善普惠性民办幼儿园认定和扶持办法，健全生均财政补助标准。",
             "出台普惠性民办幼儿园认定扶持办法，按生均标准给予财政补助。"),
            ("开展幼儿园保教质量评估，坚决纠正幼儿园“小学化”倾向。", COPY),
        ]),
        ("（二）推进义务教育优质均衡发展", [
            ("统筹城乡学校布局规划，新建、改扩建义务教育学校45所，全面消除大班额。",
             "科学调整城乡学校布局，新建、改扩建义务教育学校7所，彻底消除大班额。"),
            ("深化集团化办学改革，推行“名校+新校”“名校+弱校”等办学模式，集团化办学覆盖率达到80%以上。",
             "推行“城区校+乡村校”集团化办学模式，实现集团化办学覆盖全部乡村学校。"),
            ("加强乡村小规模学校和乡镇寄宿制学校建设，改善农村学校办学条件。", COPY),
            ("建立义务教育质量监测制度，定期发布监测结果。", DROP),
            ("严格控制义务教育阶段学生辍学，确保适龄儿童少年应入尽入。", COPY),
            (None, "实施县城学校扩容工程，在县城新区新建一所九年一贯制学校。"),
        ]),
        ("（三）推动普通高中多样化特色发展", [
            ("新建普通高中4所，扩大优质普通高中教育资源。", "改扩建县第一高级中学，新增普通高中学位1500个。"),
            ("推进普通高中育人方式改革，实施选课走班教学管理。",  # split in two
             "推进普通高中育人方式改革。全面实施选课走班教学管理，满足学生个性化学习需求。"),
            ("支持有条件的普通高中创建科技、人文、艺术、体育等特色学校。",
             "鼓励县一高、县二高分别创建科技特色、体育特色高中。"),
            ("到2025年，建成省级示范性普通高中6所。", DROP),
        ]),
        ("（四）办好特殊教育", [
            ("完善残疾儿童少年入学安置机制，适龄残疾儿童少年义务教育入学率达到97%以上。",
             "健全残疾儿童入学评估安置制度，确保适龄残疾儿童少年义务教育入学率保持在97%以上。"),
            ("加强特殊教育学校建设，推进随班就读和送教上门工作。", COPY),
        ]),
    ]),
    ("四、增强职业教育适应性", [
        ("（一）优化职业教育布局", [
            ("整合全市中等职业学校资源，每个县（市、区）办好一所中等职业学校。",
             "整合县域职业教育资源，集中力量办好县职业教育中心。"),
            ("建设市职业教育园区，推动中高职院校集聚发展。", DROP),
        ]),
        ("（二）深化产教融合校企合作", [
            ("推动职业院校与龙头企业共建产业学院，建设市级产教融合实训基地10个。",
             "推动县职教中心与县内龙头企业共建实训基地，建成产教融合实训基地2个。"),
            ("推行现代学徒制和“双元制”育人模式，校企合作参与率达到100%。", COPY),
            ("支持职业院校开展面向企业职工和农民的职业技能培训，年培训10万人次以上。",
             "面向农村劳动力和企业职工开展职业技能培训，每年培训1.2万人次以上。"),
            (None, "依托县职教中心建设乡村振兴人才培训基地，培养新型职业农民。"),
        ]),
        ("（三）加强“双师型”教师队伍建设", [
            ("到2025年，职业院校“双师型”教师占专业课教师比例达到60%以上。",
             "到2025年，县职教中心“双师型”教师比例提高到55%。"),
            ("建立企业技术人员到职业院校兼职任教制度。", DROP),  # moved: see MOVED
        ]),
    ]),
    ("五、建设高素质专业化教师队伍", [
        ("（一）加强师德师风建设", [
            ("把师德师风作为评价教师素质的第一标准，健全师德考核评价制度。", COPY),
            ("严肃查处师德失范行为，实行师德失范“一票否决”。", COPY),
        ]),
        ("（二）优化教师资源配置", [
            ("深化“县管校聘”改革，推进义务教育教师交流轮岗常态化。",
             "全面推行义务教育教师“县管校聘”，每年交流轮岗教师比例不低于15%。"),
            ("落实中小学教职工编制标准，建立编制动态调整机制。", COPY),
            (None, "建立企业技术人员到县职教中心兼职任教制度。"),
            ("实施城市特岗教师招聘计划，缓解因产假、培训造成的临时性缺员。", DROP),
        ]),
        ("（三）提升教师待遇", [
            ("确保中小学教师平均工资收入水平不低于当地公务员平均工资收入水平。", COPY),
            ("落实乡村教师生活补助和乡村学校教师周转宿舍建设政策。",
             "提高乡村教师生活补助标准，新建乡村教师周转宿舍200套。"),
            (None, "对在乡村学校任教满20年的教师给予表彰奖励。"),
        ]),
    ]),
    ("六、保障措施", [
        ("（一）加强组织领导", [
            ("各级党委政府要把教育工作摆在优先发展的战略位置，定期研究解决教育发展重大问题。",
             "县委、县政府定期研究教育工作，每年召开一次全县教育工作会议。"),
            ("建立规划实施部门协调机制，明确各部门职责分工。", COPY),
        ]),
        ("（二）加大经费投入", [
            ("确保一般公共预算教育支出逐年只增不减，确保按在校学生人数平均的一般公共预算教育支出逐年只增不减。", COPY),
            ("完善各级各类教育生均拨款制度，建立拨款标准动态调整机制。", DROP),
        ]),
        ("（三）强化督导评估", [
            ("建立规划实施监测评估机制，开展规划中期评估和终期评估。",
             "每年对规划落实情况开展一次督导检查，并在2023年开展中期评估。"),
            ("将规划实施情况纳入对各县（市、区）政府履行教育职责评价的重要内容。", DROP),
            (None, "把学校安全工作纳入乡镇年度目标考核。"),
        ]),
    ]),
]


# County sentences placed elsewhere than their city source (the source is marked DROP where it stood).
MOVED = {"建立企业技术人员到县职教中心兼职任教制度。": "建立企业技术人员到职业院校兼职任教制度。"}


def _county_form(city: str | None, county: str | None) -> str | None:
    if county == COPY:
        assert city is not None
        return city.replace("全市", "全县").replace("我市", "我县")
    return county


def _text(title: str, preface: str, county: bool) -> str:
    lines = [title, "", "序言", "", preface, ""]
    for chapter, sections in SPEC:
        lines += [chapter, ""]
        for heading, items in sections:
            if heading:
                lines += [heading, ""]
            sentences = [_county_form(c, k) if county else c for c, k in items]
            lines += ["".join(s for s in sentences if s), ""]
    return "\n".join(lines)


def city_text() -> str:
    return _text(CITY_TITLE, CITY_PREFACE, county=False)


def county_text() -> str:
    return _text(COUNTY_TITLE, COUNTY_PREFACE, county=True)


@dataclass(frozen=True)
class Gold:
    """The true alignment, by sentence text: county sentence -> city sentence (None: added by the county)."""

    county_source: dict[str, str | None]
    dropped: frozenset[str]  # city sentences with no county counterpart


def gold() -> Gold:
    source: dict[str, str | None] = {COUNTY_PREFACE: CITY_PREFACE}  # both say why the plan is written
    dropped: set[str] = set()
    for _, sections in SPEC:
        for _, items in sections:
            for city, county in items:
                form = _county_form(city, county)
                if form is None:
                    assert city is not None
                    dropped.add(city)
                    continue
                for sentence in form.split("。")[:-1]:  # a county form may split the city sentence
                    source[sentence + "。"] = MOVED.get(sentence + "。", city)
    return Gold(source, frozenset(dropped - set(MOVED.values())))


def write_pair(folder: Path) -> tuple[Path, Path]:
    """The two plans as text files in ``folder``: (city, county)."""
    city = folder / "jiangcheng-city.txt"
    county = folder / "qingshan-county.txt"
    city.write_text(city_text(), encoding="utf-8")
    county.write_text(county_text(), encoding="utf-8")
    return city, county
