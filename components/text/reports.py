"""Texts of the documents to the Standing Committee (落实情况报告, 年中汇报, 测评通报, 回头看报告) and of
the page that generates them. Key -> (简体中文, English)."""

TEXTS: dict[str, tuple[str, str]] = {
    # The page
    "menu.reports": ("报告生成", "Reports"),
    "report_kind.midyear": ("年中推进情况汇报", "Mid-year progress briefing"),
    "report_kind.year": ("落实情况报告", "Implementation report"),
    "report_kind.survey": ("测评结果通报", "Satisfaction results notice"),
    "report_kind.lookback": ("回头看报告", "Look-back report"),
    "reports.kind": ("文稿", "Document"),
    "reports.year": ("年度", "Year"),
    "reports.as_of": ("截至日期", "As of"),
    "reports.round": ("测评轮次", "Survey round"),
    "reports.intro": (
        "选择文稿、年度和截至日期，核对下方主要数据后下载 Word 文稿。数据与进度看板、测评结果和跨年成绩单同源。",
        "Choose the document, the year and the day; check the main figures below, then download the Word file. The figures are those of the dashboard, the survey results and the scorecard.",
    ),
    "reports.download": ("下载 Word 文稿", "Download the Word file"),
    "reports.file_name": ("{year}年{kind}（截至{day}）", "{kind} {year} as of {day}"),
    "reports.no_closed_round": (
        "{year} 年还没有已结束的满意度测评，暂不能生成测评结果通报。",
        "No satisfaction survey of {year} has closed yet: there is no notice to generate.",
    ),
    "reports.no_past_year": (
        "还没有可以“回头看”的往年项目。",
        "There is no past year's projects to look back on yet.",
    ),
    "reports.kind_unknown": ("未知的文稿类型。", "Unknown kind of document."),
    "reports.lookback_past_only": (
        "“回头看”报告只针对往年项目：{year} 年尚未结束。",
        "A look-back report is about a past year: {year} is not over yet.",
    ),
    "reports.preview": ("主要数据预览", "Main figures"),
    "reports.preview_empty": (
        "{year} 年没有民生实事项目，文稿将只说明这一点。",
        "{year} has no livelihood projects: the document will only say so.",
    ),
    "reports.preview_reviewed": ("已开展回头看", "Looked back on"),
    "reports.preview_on_time": ("按期完成", "Completed on time"),
    "reports.preview_items": ("回头看整改未办结", "Look-back items unfinished"),
    "reports.preview_flagged": ("列入整改项目", "Projects sent for rectification"),
    # Common parts of the documents
    "reports.as_of_line": ("（截至{day}）", "(as of {day})"),
    "reports.addressee": ("市人大常委会：", "To the Standing Committee of the Municipal People's Congress:"),
    "reports.plenary": ("市人民代表大会", "the Municipal People's Congress"),
    "reports.none": ("无", "none"),
    "reports.appendix": ("附件", "Annex"),
    "reports.col_number": ("序号", "No."),
    "reports.col_project": ("项目名称", "Project"),
    "reports.col_department": ("牵头单位", "Lead department"),
    "reports.col_completion": ("完成率", "Done"),
    "reports.col_planned": ("序时进度", "Plan"),
    "reports.col_status": ("推进状态", "Status"),
    "reports.col_budget": ("计划投资（万元）", "Budget (10k ¥)"),
    "reports.col_spent": ("已投资（万元）", "Spent (10k ¥)"),
    "reports.col_indicator": ("指标", "Indicator"),
    "reports.col_unit": ("单位", "Unit"),
    "reports.col_target": ("年度目标", "Target"),
    "reports.col_delivered": ("完成值", "Delivered"),
    "reports.col_share": ("完成率", "Share met"),
    # The year report (落实情况报告)
    "reports.year_title": (
        "关于{year}年市{count}件民生实事项目落实情况的报告",
        "Report on the implementation of the city's {count} livelihood projects of {year}",
    ),
    "reports.year_none": (
        "截至{day}，{year}年尚无民生实事项目，暂无落实情况可报告。",
        "As of {day} there are no livelihood projects for {year}, so there is nothing to report yet.",
    ),
    "reports.year_opening": (
        "{year}年，{session}票决产生{count}件市民生实事项目。各牵头单位和配合单位对照目标任务，倒排工期、压实责任，推动项目落地见效。现将截至{day}的落实情况报告如下：",
        "In {year} the {session} voted in {count} livelihood projects of the city. The lead and cooperating departments have worked to their targets and schedules. This report sets out how the projects stood on {day}.",
    ),
    "reports.h_overall": ("一、总体情况", "I. Overview"),
    "reports.h_projects": ("二、各项目落实情况", "II. The projects one by one"),
    "reports.h_problems": ("三、存在的问题和下一步工作", "III. Problems and next steps"),
    "reports.overall": (
        "截至{day}，{projects}个项目总体完成率为{completion}，序时进度为{planned}，{gap}。",
        "As of {day}, the {projects} projects are {completion} complete overall against {planned} planned, {gap}.",
    ),
    "reports.gap_above": ("高于序时进度{points}个百分点", "{points} points ahead of the plan"),
    "reports.gap_below": ("低于序时进度{points}个百分点", "{points} points behind the plan"),
    "reports.gap_level": ("与序时进度持平", "level with the plan"),
    "reports.statuses": ("从推进状态看，{parts}{tail}。", "By status: {parts}{tail}."),
    "reports.status_part": ("{status}{count}个", "{count} {status}"),
    "reports.no_lagging": ("，没有滞后项目", "; none is lagging"),
    "reports.funds": (
        "项目计划总投资{budget}万元，累计完成投资{spent}万元，资金支出率{share}。",
        "The budgets total {budget} (10k yuan), of which {spent} has been spent: {share}.",
    ),
    "reports.missing_reports": (
        "有{count}个项目未按时报送{month}进度报告。",
        "{count} projects have not yet reported on {month}.",
    ),
    "reports.all_reported": ("各项目均已按时报送{month}进度报告。", "Every project has reported on {month}."),
    "reports.items_none": (
        "监督检查中尚未发现需要整改的问题。",
        "Supervision has found no problem needing rectification.",
    ),
    "reports.items": (
        "监督检查、满意度测评等发现的问题共纳入整改{total}项，已办结{finished}项，尚未办结{unfinished}项。",
        "Problems found by supervision, surveys and reviews opened {total} rectification items: {finished} closed, {unfinished} still open.",
    ),
    "reports.items_overdue": (
        "监督检查、满意度测评等发现的问题共纳入整改{total}项，已办结{finished}项，尚未办结{unfinished}项，其中逾期{overdue}项。",
        "Problems found by supervision, surveys and reviews opened {total} rectification items: {finished} closed, {unfinished} still open, {overdue} of them overdue.",
    ),
    "reports.grades": (
        "在{year}年{stage}满意度测评中，{parts}{tail}。",
        "In the {stage} satisfaction survey of {year}: {parts}{tail}.",
    ),
    "reports.grade_part": ("测评等次为“{grade}”的{count}个", "{count} graded “{grade}”"),
    "reports.grades_flagged": ("，{count}个项目被列入整改", "; {count} projects were sent for rectification"),
    "reports.grades_none_flagged": ("，没有项目被列入整改", "; no project was sent for rectification"),
    "reports.table_progress": ("表1  各项目推进情况", "Table 1  Progress of the projects"),
    "reports.figure_completion": (
        "图1  各项目完成率与序时进度",
        "Figure 1  Completion of each project against the plan",
    ),
    "reports.figure_trend": (
        "图2  逐月总体完成率与序时进度",
        "Figure 2  Overall completion against the plan, month by month",
    ),
    "reports.led_by": ("项目由{lead}牵头", "Led by {lead}"),
    "reports.with_cooperators": ("{names}配合", "with {names}"),
    "reports.leader": ("分管市领导为{leader}", "the city leader in charge is {leader}"),
    "reports.covers": ("实施范围覆盖{divisions}", "it covers {divisions}"),
    "reports.period": ("实施期为{start}至{end}", "it runs from {start} to {end}"),
    "reports.targets": ("年度目标为{targets}。", "The year's targets: {targets}."),
    "reports.delivered": (
        "截至{month}底，{values}，综合完成率{completion}，序时进度{planned}，{status}。",
        "By the end of {month}: {values}; {completion} complete overall against {planned} planned, {status}.",
    ),
    "reports.delivered_value": ("{name}{value}{unit}（完成{share}）", "{name} {value} {unit} ({share})"),
    "reports.no_report_yet": (
        "截至{day}，项目尚未报送进度，{status}。",
        "As of {day} the project has not reported yet: {status}.",
    ),
    "reports.no_indicators": (
        "项目尚未设置量化目标指标，完成率无法按指标计算（按0计），{status}。",
        "The project has no measurable targets, so its completion cannot be computed (it counts as 0): {status}.",
    ),
    "reports.phrase_done": ("已全面完成年度目标任务", "the year's targets are met"),
    "reports.phrase_ahead": ("进度快于序时", "ahead of the plan"),
    "reports.phrase_on_schedule": ("总体按序时推进", "on schedule"),
    "reports.phrase_lagging": ("进度滞后于序时", "behind the plan"),
    "reports.phrase_not_started": ("尚未开工", "not started yet"),
    "reports.project_funds": (
        "计划投资{budget}万元，累计完成投资{spent}万元，资金支出率{share}。",
        "Budget {budget} (10k yuan), {spent} spent: {share}.",
    ),
    "reports.project_funds_no_budget": (
        "项目未安排计划投资，累计完成投资{spent}万元。",
        "The project has no budget; {spent} (10k yuan) has been spent.",
    ),
    "reports.lead_reason": ("滞后原因：", "Why it lags: "),
    "reports.lead_measures": ("推进措施：", "What is being done: "),
    "reports.no_reason": (
        "牵头单位最近一次进度报告未说明原因。",
        "The lead department's latest report gives no reason.",
    ),
    "reports.no_report_reason": ("牵头单位尚未报送进度。", "The lead department has not reported yet."),
    "reports.lead_findings": ("监督发现问题{count}条：", "Supervision found {count} problems: "),
    "reports.finding": ("{n}. {day}{kind}中发现：{seen}", "{n}. At the {kind} of {day}: {seen}"),
    "reports.finding_suggestion": ("建议：{suggestion}", "Suggested: {suggestion}"),
    "reports.finding_pending": ("尚待常委会办公室确认。", "Awaiting the congress office's confirmation."),
    "reports.item_state": (
        "已纳入整改，目前{state}（整改期限{deadline}）。",
        "In the rectification ledger: {state} (due {deadline}).",
    ),
    "reports.item_state_overdue": (
        "已纳入整改，目前{state}，已超过整改期限{deadline}。",
        "In the rectification ledger: {state}, overdue since {deadline}.",
    ),
    "reports.other_items": (
        "另有满意度测评、“回头看”等纳入整改的事项{count}项，已办结{finished}项。",
        "{count} further rectification items (from surveys, look-backs and others): {finished} closed.",
    ),
    "reports.rated": (
        "在{year}年{stage}满意度测评中，项目测评等次为“{grade}”，满意率{satisfied}，综合满意率{overall}{tail}。",
        "In the {stage} satisfaction survey of {year} the project was graded “{grade}”: satisfied rate {satisfied}, overall rate {overall}{tail}.",
    ),
    "reports.rated_flagged": ("，已列入整改", "; it was sent for rectification"),
    "reports.rated_no_grade": (
        "在{year}年{stage}满意度测评中，项目没有有效测评票，未评定等次。",
        "In the {stage} satisfaction survey of {year} the project received no valid answer and has no grade.",
    ),
    "reports.problem_lagging": (
        "部分项目进度滞后。{titles}{count}个项目完成率低于序时进度，需加大推进力度。",
        "some projects lag: {titles} ({count}) are behind the plan and need more effort.",
    ),
    "reports.problem_reports": (
        "进度报送不够及时，{count}个项目未按时报送上月进度。",
        "reporting is late: {count} projects have not reported on last month.",
    ),
    "reports.problem_overdue": (
        "整改尚未全部到位，{unfinished}项整改事项尚未办结，其中{overdue}项已逾期。",
        "rectification is not complete: {unfinished} items are still open, {overdue} of them overdue.",
    ),
    "reports.problem_unfinished": (
        "整改尚未全部到位，{unfinished}项整改事项尚未办结。",
        "rectification is not complete: {unfinished} items are still open.",
    ),
    "reports.problem_flagged": (
        "群众满意度有待提升，{titles}{count}个项目在满意度测评中被列入整改。",
        "satisfaction needs raising: {titles} ({count}) were sent for rectification by the survey.",
    ),
    "reports.no_problems": (
        "各项目总体推进顺利，未发现突出问题。",
        "The projects are going well; no serious problem has been found.",
    ),
    "reports.next_in_year": (
        "下一步，将对照年度目标任务，督促各牵头单位加快滞后项目进度，抓紧办理整改事项，按月报送进度，确保民生实事项目按期保质完成。",
        "Next, the lead departments will be pressed to bring lagging projects back on schedule, to work the open rectification items and to report monthly, so that every project is finished on time and well.",
    ),
    "reports.next_after_year": (
        "下一步，将持续跟踪已建成项目的运行管护，抓紧办结剩余整改事项，并组织开展“回头看”，巩固提升项目实效。",
        "Next, the running and upkeep of the finished projects will be followed, the remaining rectification items closed, and a look-back organised to make the results last.",
    ),
    "reports.appendix_title": (
        "{year}年市民生实事项目指标完成情况表",
        "Indicators of the livelihood projects of {year}",
    ),
    "reports.no_indicator_row": ("未设置量化指标", "No measurable target"),
    "reports.not_reported": ("未报送", "Not reported"),
    # The mid-year briefing (年中推进情况汇报)
    "reports.midyear_title": (
        "关于{year}年市{count}件民生实事项目推进情况的汇报",
        "Briefing on the progress of the city's {count} livelihood projects of {year}",
    ),
    "reports.midyear_opening": (
        "现将{year}年市民生实事项目截至{day}的推进情况汇报如下：",
        "This briefing sets out how the livelihood projects of {year} stood on {day}.",
    ),
    "reports.h_midyear_overall": ("一、总体进展", "I. Overall progress"),
    "reports.h_lagging": ("二、滞后项目及原因", "II. Lagging projects and why"),
    "reports.h_others": ("三、其他项目推进情况", "III. The other projects"),
    "reports.h_midyear_next": ("四、下一步工作", "IV. Next steps"),
    "reports.none_lagging": ("目前没有进度滞后的项目。", "No project is lagging at present."),
    "reports.lagging_line": (
        "项目由{lead}牵头，完成率{completion}，序时进度{planned}，落后{points}个百分点。",
        "Led by {lead}: {completion} complete against {planned} planned, {points} points behind.",
    ),
    "reports.other_line": (
        "{status}，完成率{completion}（序时进度{planned}）。",
        "{status}: {completion} complete ({planned} planned).",
    ),
    "reports.midyear_next": (
        "下半年，将紧盯滞后项目，逐项分析原因、压实责任，结合民生实事监督周组织代表视察，推动问题整改落实，确保全年目标任务如期完成。",
        "In the second half of the year the lagging projects will be followed one by one, the supervision week will take deputies to the sites, and the problems found will be rectified, so that the year's targets are met on time.",
    ),
    # The satisfaction results notice (测评结果通报)
    "reports.survey_title": (
        "关于{year}年市民生实事项目{stage}满意度测评结果的通报",
        "Notice of the results of the {stage} satisfaction survey of the livelihood projects of {year}",
    ),
    "reports.survey_addressee": ("各有关单位：", "To the departments concerned:"),
    "reports.survey_opening": (
        "根据市人大常委会工作安排，{year}年市民生实事项目{stage}满意度测评于{day}结束。测评由{body}参加，应参加{voters}人，实际参加{responded}人，参与率{rate}。现将测评结果通报如下：",
        "As the Standing Committee arranged, the {stage} satisfaction survey of the livelihood projects of {year} closed on {day}. Its voters were {body}: {responded} of {voters} answered ({rate}). The results are as follows.",
    ),
    "reports.h_survey_results": ("一、测评结果", "I. Results"),
    "reports.h_survey_flagged": ("二、列入整改的项目", "II. Projects sent for rectification"),
    "reports.h_survey_requirements": ("三、有关要求", "III. What is required"),
    "reports.survey_grades": ("{count}个项目中，{parts}。", "Of the {count} projects: {parts}."),
    "reports.survey_grade_part": ("测评等次为“{grade}”的{count}个", "{count} graded “{grade}”"),
    "reports.table_survey": ("表1  满意度测评结果", "Table 1  Results of the satisfaction survey"),
    "reports.figure_satisfaction": ("图1  各项目测评票分布", "Figure 1  The answers for each project"),
    "reports.survey_none_flagged": (
        "本次测评没有项目列入整改。",
        "No project was sent for rectification by this survey.",
    ),
    "reports.survey_flagged_line": (
        "综合满意率{rate}，测评等次为“{grade}”，因{why}列入整改，由{department}负责。{state}",
        "overall rate {rate}, graded “{grade}”; sent for rectification as {why}, to {department}. {state}",
    ),
    "reports.survey_requirements": (
        "各牵头单位要认真分析测评结果和代表意见，对列入整改的项目制定整改措施，明确时限和责任人，按期完成整改并将整改情况报市人大常委会办公室。",
        "Each lead department is to study the results and the deputies' views, set out measures, deadlines and who is responsible for each project sent for rectification, finish the work on time and report it to the congress office.",
    ),
    # The look-back report (回头看报告)
    "reports.lookback_title": (
        "关于{year}年市{count}件民生实事项目“回头看”情况的报告",
        "Report on the look-back at the city's {count} livelihood projects of {year}",
    ),
    "reports.lookback_opening": (
        "按照“年初问计划、年中问进度、年终问结果、翌年回头看”的工作要求，市人大常委会组织对{year}年市民生实事项目开展“回头看”，重点检查项目建成后的运行维护、服务质量、管护机制和群众评价。现将有关情况报告如下：",
        "Asking about plans at the start of a year, progress in its middle, results at its end and looking back the year after, the Standing Committee looked back at the livelihood projects of {year}: how they are run and kept up, the service they give and what people say of them. This report sets out what was found.",
    ),
    "reports.lookback_overall": (
        "{year}年{count}个项目中，按期完成{on_time}个，计划总投资{budget}万元，累计完成投资{spent}万元；已开展“回头看”的项目{reviewed}个。",
        "Of the {count} projects of {year}, {on_time} were completed on time; the budgets totalled {budget} (10k yuan), of which {spent} was spent; {reviewed} projects have been looked back on.",
    ),
    "reports.aspect_counts": ("{aspect}方面，{parts}。", "{aspect}: {parts}."),
    "reports.rating_part": ("评价为“{rating}”的{count}个", "{count} rated “{rating}”"),
    "reports.lookback_grades": (
        "在{year}年年终满意度测评中，{parts}。",
        "In the year-end satisfaction survey of {year}: {parts}.",
    ),
    "reports.lookback_items": (
        "“回头看”发现的问题纳入整改{total}项，已办结{finished}项，尚未办结{unfinished}项。",
        "The look-backs opened {total} rectification items: {finished} closed, {unfinished} still open.",
    ),
    "reports.lookback_items_none": (
        "“回头看”中未发现需要整改的问题。",
        "The look-backs found no problem needing rectification.",
    ),
    "reports.table_scorecard": ("表1  {year}年民生实事项目跨年成绩单", "Table 1  Scorecard of the projects of {year}"),
    "reports.h_lookback_projects": ("二、各项目“回头看”情况", "II. The projects looked back on"),
    "reports.h_lookback_next": ("三、下一步工作", "III. Next steps"),
    "reports.review_line": (
        "{day}，{reviewers}对项目开展“回头看”：{ratings}。",
        "On {day}, {reviewers} looked back at the project: {ratings}.",
    ),
    "reports.aspect_rated": ("{aspect}评价为“{rating}”", "{aspect} rated “{rating}”"),
    "reports.aspect_notes": ("（说明：{notes}）", " (noted: {notes})"),
    "reports.lead_conclusion": ("结论：", "Conclusion: "),
    "reports.review_item": ("{aspect}方面的问题：{problem}{state}", "The problem of {aspect}: {problem} {state}"),
    "reports.lookback_not_reviewed": (
        "{titles}{count}个项目尚未开展“回头看”。",
        "{titles} ({count}) have not been looked back on yet.",
    ),
    "reports.lookback_next": (
        "下一步，将督促有关单位对“回头看”发现的问题逐项整改，健全建后管护长效机制，对尚未开展“回头看”的项目适时组织代表察看，确保民生实事项目持续发挥效益。",
        "Next, the departments will be pressed to rectify each problem the look-backs found and to put lasting upkeep arrangements in place, and deputies will visit the projects not yet looked back on, so that the projects keep serving people.",
    ),
}
