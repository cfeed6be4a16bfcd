"""Texts of the vote (票决): rounds, screens, the deputy's ballot, candidate projects.
Key -> (简体中文, English)."""

TEXTS: dict[str, tuple[str, str]] = {
    # Menu
    "home.vote_open": (
        "{year} 年度民生实事项目票决正在进行，您还没有投票。",
        "The {year} livelihood projects vote is open and you have not voted yet.",
    ),
    "menu.vote": ("票决投票", "Vote"),
    "menu.vote_results": ("票决结果", "Vote results"),
    "menu.vote_screen": ("票决大屏", "Vote big screen"),
    "menu.candidates": ("候选项目", "Candidate projects"),
    "menu.vote_rounds": ("票决管理", "Vote rounds"),
    # Vote (票决)
    "vote.places_invalid": (
        "名额和每票最多可选数须在 1–50 之间。",
        "Places and picks per ballot must be between 1 and 50.",
    ),
    "vote.rule_unknown": ("未知的通过规则。", "Unknown pass rule."),
    "vote.turnout_floor": (
        "投票率下限（%，实投须超过应投的该比例）",
        "Turnout floor (%: more than this share must vote)",
    ),
    "vote.turnout_floor_invalid": (
        "投票率下限须为 0 至 99 之间的整数。",
        "The turnout floor must be a whole number from 0 to 99.",
    ),
    "vote.close_below_floor": (
        "当前投票率 {share:.1f}%（已投 {cast} / 应投 {electorate}），未超过本轮投票率下限 {floor}%。结束后不能重新开始，公布时须再次确认，结果将注明未达到下限。",
        "Turnout is {share:.1f}% ({cast} of {electorate}), not above this round's floor of {floor}%. Closing cannot be undone; publishing will need a second confirmation and the results will say the floor was not reached.",
    ),
    "vote.publish_below_floor": (
        "投票率 {share:.1f}%（实投 {cast} / 应投 {electorate}）未超过投票率下限 {floor}%：须再次确认后才能公布。",
        "Turnout {share:.1f}% ({cast} of {electorate}) is not above the floor of {floor}%: publishing needs a second confirmation.",
    ),
    "vote.publish_low_turnout_confirm": (
        "我确认：投票率仅 {share:.1f}%（{cast}/{electorate}），未达到 {floor}% 的下限，仍然公布结果",
        "I confirm: turnout is only {share:.1f}% ({cast}/{electorate}), below the {floor}% floor; publish anyway",
    ),
    "vote.floor_not_reached": (
        "本轮投票率 {share:.1f}%（实投 {cast} / 应投 {electorate}），未达到投票率下限（须超过 {floor}%）。",
        "This round's turnout was {share:.1f}% ({cast} of {electorate}): the turnout floor (more than {floor}%) was not reached.",
    ),
    "vote.state_final": ("该轮票决已公布，不能再变更状态。", "The round is published; its state cannot change."),
    "vote.no_candidates": (
        "该年度还没有候选项目，不能开始票决。",
        "The year has no candidates: the round cannot open.",
    ),
    "vote.round_not_open": ("票决未开始或已结束，不能投票。", "The round is not open: no ballot can be cast."),
    "vote.not_in_electorate": ("您不在本轮票决的代表名单中。", "You are not in this round's electorate."),
    "vote.duplicate_pick": ("同一候选项目不能选两次。", "A candidate cannot be picked twice."),
    "vote.too_many_picks": ("最多只能选 {max} 项。", "At most {max} picks."),
    "vote.unknown_candidate": ("所选项目不在本轮候选名单中。", "A pick is not a candidate of this round."),
    "vote.already_cast": ("您已投过票，选票一经投出不能更改。", "You have already voted; a cast ballot is final."),
    "vote.sealed": ("票决结束前，计票结果保密。", "Counts stay sealed until the round is closed."),
    "vote.year_has_round": (
        "{year} 年度已有票决轮次，不能再新建。",
        "{year} already has a voting round; another cannot be created.",
    ),
    "vote.rules_frozen": (
        "票决已开始，名额和规则不能再修改。",
        "The round has opened: its places and rules can no longer change.",
    ),
    "vote.year_has_projects": (
        "{year} 年度已有民生实事项目，票决结果不能再生成项目。请先核对项目清单。",
        "{year} already has projects: the vote cannot create them again. Check the project list first.",
    ),
    "vote.places_over_year": (
        "名额不能超过该年度的民生实事件数（{places} 件）。",
        "Places cannot exceed the year's number of projects ({places}).",
    ),
    "vote.picks_over_places": (
        "每张选票可选项目数不能多于名额。",
        "A ballot cannot pick more candidates than there are places.",
    ),
    "vote.state_changed": (
        "该轮票决的状态已被其他人更改，请查看当前状态后再操作。",
        "Someone else changed the round's state meanwhile: check where it stands, then act.",
    ),
    "vote.no_electorate": ("没有在任的代表，不能开始票决。", "There are no active deputies: the round cannot open."),
    # Vote screens
    "vote_state.draft": ("筹备中", "Draft"),
    "vote_state.open": ("投票中", "Open"),
    "vote_state.closed": ("已结束，待公布", "Closed, not yet published"),
    "vote_state.published": ("已公布", "Published"),
    "vote_rule.electorate_half": ("超过全体代表的半数", "More than half of the whole electorate"),
    "vote_rule.ballots_half": ("超过所投选票的半数", "More than half of the ballots cast"),
    "vote.no_years": (
        "还没有年度。请系统管理员先在“基础数据”中添加年度。",
        "No years yet. An administrator adds them under Reference data.",
    ),
    "vote.round": ("票决轮次", "Voting round"),
    "vote.round_label": ("{year} 年度民生实事票决（{state}）", "{year} livelihood projects vote ({state})"),
    "vote.places": ("名额（当选项目数）", "Places (projects to elect)"),
    "vote.max_picks": ("每张选票最多可选", "Most picks per ballot"),
    "vote.rule": ("通过规则", "Pass rule"),
    "vote.rules_summary": (
        "名额 {places} 个 · 每票最多选 {max} 项 · 通过规则：{rule} · 投票率下限：超过 {floor}% · 候选项目 {candidates} 个",
        "{places} places · at most {max} picks per ballot · pass rule: {rule} · turnout floor: more than {floor}% · {candidates} candidates",
    ),
    "vote.no_round_for_year": (
        "{year} 年度还没有票决轮次（已有候选项目 {candidates} 个）。设定规则后新建：",
        "{year} has no voting round yet ({candidates} candidates so far). Set its rules to create one:",
    ),
    "vote.round_created": ("票决轮次已新建（筹备中）。", "The voting round was created (draft)."),
    "vote.change_rules": ("修改名额和规则", "Change places and rules"),
    "vote.open_warning": (
        "开始投票后，候选项目、名额和规则都不能再修改，代表名单以此刻在任代表为准。",
        "Once open, the candidates, places and rules cannot change; the electorate is the deputies active now.",
    ),
    "vote.open": ("开始投票", "Open the vote"),
    "vote.opened": ("投票已开始。", "The vote is open."),
    "vote.monitor_note": (
        "每 5 秒自动刷新。投票结束前不显示任何项目的得票。",
        "Refreshes every 5 seconds. No candidate's votes are shown before the vote closes.",
    ),
    "vote.close": ("结束投票", "Close the vote"),
    "vote.close_confirm": ("确认结束投票（结束后不能重新开始）", "Close the vote (it cannot reopen)"),
    "vote.closed": (
        "投票已结束：截止时已投 {cast} / 应投 {electorate}，投票率 {share:.1f}%{floor_note}。可以核对计票结果。",
        "The vote is closed at {cast} of {electorate} ballots, turnout {share:.1f}%{floor_note}. The count can be checked.",
    ),
    "vote.sentence_no_candidates": ("本轮没有候选项目。", "This round has no candidates."),
    "vote.sentence_results": (
        "{candidates} 个候选项目中 {elected} 个当选（须得票超过 {threshold:g} 票），得票最多的是{top}（{votes} 票）。",
        "Of {candidates} candidates {elected} were elected (more than {threshold:g} votes needed); "
        "{top} had the most votes ({votes}).",
    ),
    "vote.sentence_tied": ("末位同票须重新投票：{names}。", " Tied at the cut-off, to be voted again: {names}."),
    "vote.sentence_unfilled": ("{count} 个名额空缺。", " {count} places left open."),
    "vote.closed_below_floor_note": ("，未超过本轮投票率下限 {floor}%", ", not above this round's floor of {floor}%"),
    "vote.check_results": ("核对计票结果", "Check the count"),
    "vote.publish": ("公布结果", "Publish the results"),
    "vote.publish_confirm": (
        "确认公布：当选项目将成为本年度民生实事项目",
        "Publish: the elected candidates become the year's projects",
    ),
    "vote.published": (
        "结果已公布，当选项目已生成本年度民生实事项目。",
        "Results published; the elected candidates are now the year's projects.",
    ),
    "vote.published_note": (
        "{year} 年度票决结果已公布，当选项目已进入项目清单。",
        "{year}'s results are published and the elected projects are on the project list.",
    ),
    "vote.closed_preview": (
        "本轮尚未公布：此结果仅办公室工作人员可见，用于公布前核对。",
        "Not yet published: only the congress office sees this count, to check it before publishing.",
    ),
    "vote.no_results": ("还没有已公布的票决结果。", "No vote results have been published yet."),
    "vote.ballots_cast": ("已投票数", "Ballots cast"),
    "vote.electorate": ("应投票代表", "Electorate"),
    "vote.turnout": ("投票率", "Turnout"),
    "vote.tie_statement": (
        "截止名次出现同票：{titles}。同票项目均未当选，须重新投票决定，系统不会自行裁定。",
        "A tie at the cut-off: {titles}. None of them is elected; a re-vote must decide — the system never breaks it.",
    ),
    "vote.unfilled_statement": (
        "有 {unfilled} 个名额空缺：超过通过票数的候选项目不足。",
        "{unfilled} place(s) left open: too few candidates passed the threshold.",
    ),
    "vote.threshold_statement": (
        "得票须超过 {threshold:g} 票方为通过；当选 {elected} 个。",
        "A candidate needs more than {threshold:g} votes to pass; {elected} elected.",
    ),
    "vote.col_rank": ("名次", "Rank"),
    "vote.col_title": ("项目名称", "Project"),
    "vote.col_department": ("牵头单位", "Lead department"),
    "vote.col_votes": ("得票", "Votes"),
    "vote.col_share": ("占全体代表", "Share of electorate"),
    "vote.col_passed": ("是否通过", "Passed"),
    "vote.col_elected": ("是否当选", "Elected"),
    "vote.yes": ("是", "Yes"),
    "vote.no": ("否", "No"),
    "vote.tied": ("同票待重投", "Tied: re-vote"),
    "vote.outcome_elected": ("当选", "Elected"),
    "vote.outcome_passed": ("通过未当选", "Passed, not elected"),
    "vote.outcome_failed": ("未通过", "Not passed"),
    "vote.export": ("导出 Excel", "Export to Excel"),
    "vote.verify_title": ("核验回执码", "Verify a receipt"),
    "vote.verify_help": (
        "回执码只证明该张选票已计入结果，不显示它选了哪些项目，也不显示是谁投的票：选票开启后与回执码分开保存，谁也不能凭回执码证明自己投了什么（因此无法买卖选票）。",
        "A receipt proves only that its ballot was counted: it shows neither its picks nor who cast it. Once opened, "
        "ballots are stored apart from their receipts, so no one can use a receipt to prove how they voted (a vote cannot be sold).",
    ),
    "vote.published_list": ("公开选票清单", "The published ballots"),
    "vote.published_list_help": (
        "任何已登录的人都可以下载全部匿名选票（随机编号、随机顺序，不含回执码和投票人）和全部回执码，自行复核计票。",
        "Anyone signed in may download every anonymous ballot (random ids, random order, no receipt, no voter) and every receipt code, and recount.",
    ),
    "vote.download_ballots": ("下载匿名选票清单", "Download the anonymous ballots"),
    "vote.download_trackers": ("下载回执码清单", "Download the receipt codes"),
    "vote.col_ballot": ("选票编号", "Ballot"),
    "vote.col_valid": ("有效", "Valid"),
    "vote.col_picks": ("所选项目", "Picks"),
    "vote.col_tracker": ("回执码", "Receipt code"),
    "vote.invalid_statement": (
        "{invalid} 张选票无效（不符合本轮规则或无法开启），计入投票数，不计入任何项目的得票。",
        "{invalid} ballots are invalid (they break the round's rules or did not open): counted as cast, not as votes.",
    ),
    "vote.tellers_needed": (
        "开始投票前须指定监票人、计票人并生成密钥分片。",
        "Name the tellers and make the key shares before opening the vote.",
    ),
    "vote.shares_needed": (
        "结束投票须输入至少 {needed} 位监票人、计票人的密钥分片。",
        "Closing needs the key shares of at least {needed} tellers.",
    ),
    "vote.round_without_key": (
        "这一轮票决没有密钥（在密封选票之前开始），不能用这种方式投票或计票。",
        "This round has no key (it opened before ballots were sealed).",
    ),
    "vote.scrub_pending": (
        "结束投票时替换下的数据尚未从存储中清除（有读取者仍在使用旧快照），系统会在下次打开本页时重试。",
        "The rows the closing replaced are not yet cleared from storage (a reader still holds an old snapshot); "
        "this page tries again on its next visit.",
    ),
    # Tellers (监票人/计票人) and their key shares
    "tellers.title": ("监票人、计票人与密钥分片", "Tellers and their key shares"),
    "tellers.explain": (
        "每张选票投出时即用本轮公钥加密，只有凑齐足够的监票人、计票人密钥分片才能开启计票。分片只显示一次，系统不保存。",
        "Each ballot is encrypted with the round's public key as it is cast; only enough tellers' key shares together can "
        "open the count. Shares are shown once and never stored.",
    ),
    "tellers.names": ("监票人、计票人姓名（每行一位）", "Tellers' names (one a line)"),
    "tellers.threshold": ("计票所需分片数", "Shares needed to count"),
    "tellers.warning": (
        "请注意：结束投票时，如果能提供的分片少于所需数量，将无法计票，任何人（包括系统管理员）都无法开启选票。",
        "Beware: if fewer shares than needed can be given at closing, there is no count: no one, administrators "
        "included, can open the ballots.",
    ),
    "tellers.demo_note": ("演示模式：允许 1 人持有全部密钥。", "Demo mode: one teller may hold the whole key."),
    "tellers.shares_title": ("请把密钥分片交给各位监票人、计票人", "Hand each teller their key share"),
    "tellers.shares_once": (
        "分片只显示这一次，系统不保存：请分别打印或抄写后交给本人，然后点“已交付”。",
        "The shares are shown only now and never stored: print or copy each for its teller, then press Handed out.",
    ),
    "tellers.demo_shares": (
        "演示分片（仅用于演示，不能用于正式票决）",
        "Demo shares (for demonstration only, never for a real vote)",
    ),
    "tellers.share_of": ("{name} 的分片", "{name}'s share"),
    "tellers.print": ("打印 {name}", "Print {name}"),
    "tellers.handed_out": ("已交付，清除显示", "Handed out: clear them"),
    "tellers.entry": ("分片 {number}", "Share {number}"),
    "tellers.entry_help": (
        "请 {needed} 位监票人、计票人（共 {tellers} 位：{names}）各自输入自己的分片，然后结束投票并计票。",
        "{needed} of the {tellers} tellers ({names}) each enter their share, then close and count.",
    ),
    "tellers.close_and_count": ("结束投票并计票", "Close the vote and count"),
    "vote.round_title_for_shares": ("民生实事项目票决", "Livelihood projects vote"),
    "tellers.sheet": (
        "{title}\n\n监票人/计票人 Teller: {name}\n密钥分片 Key share: {code}\n\n计票需要 {needed} / {tellers} 份分片。\n{needed} of {tellers} shares are needed to count.\n",
        "{title}\n\nTeller: {name}\nKey share: {code}\n\n{needed} of {tellers} shares are needed to count.\n",
    ),
    "tellers.threshold_too_low": ("计票所需分片数至少为 {min}。", "At least {min} shares must be needed to count."),
    "tellers.name_missing": ("每位监票人、计票人都要填写姓名。", "Every teller needs a name."),
    "tellers.name_repeated": ("{name} 重复出现。", "{name} is listed twice."),
    "tellers.too_many": ("监票人、计票人最多 {max} 位。", "At most {max} tellers."),
    "tellers.threshold_above_tellers": (
        "所需分片数 {threshold} 多于监票人、计票人人数 {tellers}。",
        "{threshold} shares needed, but only {tellers} tellers.",
    ),
    "tellers.code_malformed": (
        "第 {entry} 个分片格式不对（应为 {symbols} 个字母或数字）。",
        "Share {entry} is not a share code ({symbols} letters or digits).",
    ),
    "tellers.code_typo": ("第 {entry} 个分片有输入错误，请核对。", "Share {entry} has a typo: check it."),
    "tellers.share_not_of_round": ("第 {entry} 个分片不属于本轮票决。", "Share {entry} is not of this round."),
    "tellers.share_wrong": ("{teller} 的分片（第 {entry} 个）不正确。", "{teller}'s share (entry {entry}) is wrong."),
    "tellers.share_repeated": (
        "{teller} 的分片输入了两次（第 {entry} 个）。",
        "{teller}'s share was entered twice (entry {entry}).",
    ),
    "tellers.too_few_shares": ("需要 {needed} 个分片，只输入了 {given} 个。", "{needed} shares needed, {given} given."),
    "tellers.key_mismatch": (
        "分片与本轮密钥不符，不能计票。",
        "The shares do not make this round's key: no count.",
    ),
    "sealing.unopenable": ("选票无法开启。", "A ballot does not open."),
    "sealing.unencodable": ("选票内容无法加密。", "The ballot cannot be sealed."),
    "sealing.too_large": (
        "选票内容过长（{size} 字节，上限 {bucket}）。",
        "The ballot is too long ({size} bytes of {bucket}).",
    ),
    "vote.receipt_code": ("回执码", "Receipt code"),
    "vote.verify": ("核验", "Verify"),
    "vote.receipt_unknown": (
        "没有与此回执码对应的选票，请检查输入。",
        "No ballot has this receipt code; check what you typed.",
    ),
    "vote.receipt_found": (
        "该回执码对应的选票已计入结果（回执码不显示所选项目）。",
        "The ballot with this receipt is counted (a receipt shows no picks).",
    ),
    "vote.no_round_yet": ("还没有开始过的票决。", "No vote has opened yet."),
    "vote.screen_live": ("{year} 年度民生实事项目票决 · 投票进行中", "{year} livelihood projects vote · in progress"),
    "vote.screen_turnout": ("已投票 {cast} / 应投票 {electorate}", "{cast} of {electorate} have voted"),
    "vote.screen_counting": ("{year} 年度票决已结束，结果公布前请稍候", "{year}'s vote is closed; results follow"),
    "vote.screen_title": ("{year} 年度民生实事项目票决结果", "{year} livelihood projects: vote results"),
    "vote.screen_votes": ("{votes} 票", "{votes} votes"),
    "vote.screen_floor": ("竖线为投票率下限：须超过 {floor}%", "The line marks the turnout floor: more than {floor}%"),
    "vote.screen_summary": (
        "应投票 {electorate} 人，实投 {cast} 张，当选 {elected} 项：",
        "Electorate {electorate}, ballots cast {cast}, {elected} elected:",
    ),
    # The deputy's ballot
    "ballot.instructions": (
        "{year} 年度民生实事项目票决：从下列候选项目中选出您赞成的项目，最多选 {max} 项（名额 {places} 个），也可以不选。选好后点“下一步”核对。",
        "{year} livelihood projects vote: tick the candidates you support, at most {max} ({places} places), or none. Then press Next to review.",
    ),
    "ballot.candidate_facts": (
        "{field} · 牵头单位：{department} · 预计投资 {budget:,.0f} 万元",
        "{field} · lead: {department} · estimated {budget:,.0f} (10k yuan)",
    ),
    "ballot.description": ("项目简介", "About this project"),
    "ballot.to_review": ("下一步：核对选票", "Next: review my ballot"),
    "ballot.tally": ("已选 {count} 项，最多可选 {max} 项", "{count} ticked, at most {max}"),
    "ballot.too_many": (
        "您选了 {count} 项，超过了最多 {max} 项。请取消一些后再核对。",
        "You ticked {count}, more than the {max} allowed. Untick some, then review again.",
    ),
    "ballot.review_title": ("核对您的选票", "Review your ballot"),
    "ballot.review_count": ("您选择了 {count} 项（最多可选 {max} 项）：", "You picked {count} (at most {max}):"),
    "ballot.empty_ballot": (
        "您没有选择任何项目。确认后这是一张空票，同样计为已投票。",
        "You picked nothing. Confirmed, this is an empty ballot and counts as cast.",
    ),
    "ballot.final_warning": (
        "选票一经确认即为最终结果，不能撤回或修改。",
        "Once confirmed, the ballot is final: it cannot be withdrawn or changed.",
    ),
    "ballot.back": ("返回修改", "Back to change"),
    "ballot.confirm": ("确认投票", "Confirm my vote"),
    "ballot.cast_final": ("您的选票已投出，不能再修改。", "Your ballot is cast and final."),
    "ballot.receipt_intro": (
        "您的回执码如下。结果公布后，可在“票决结果”页用它核验您的选票已计入：",
        "Your receipt code is below. After publication, the Vote results page verifies that your ballot is counted:",
    ),
    "ballot.receipt_once": (
        "回执码只显示这一次，请复制或记下。系统不保存回执码与您姓名的对应关系。",
        "The code is shown only now: copy or note it. The system never stores it with your name.",
    ),
    "ballot.receipt_noted": ("我已记下", "I have noted it"),
    "ballot.already_cast": (
        "您已在本轮投票，选票不能更改。",
        "You have voted in this round; a ballot cannot be changed.",
    ),
    "ballot.not_elector": (
        "您不在本轮票决的代表名单中（名单在投票开始时确定）。如有疑问请联系常委会办公室。",
        "You are not in this round's electorate (fixed when the vote opened). Ask the congress office if this is wrong.",
    ),
    "ballot.over": ("{year} 年度票决已结束，不能再投票。", "{year}'s vote is closed: no more ballots."),
    "ballot.no_round": ("目前没有进行中的票决。", "No vote is open now."),
    # Candidates
    "candidate.count": ("{year} 年度候选项目 {count} 个", "{year}: {count} candidates"),
    "candidate.budget": ("预计投资（万元）", "Estimated budget (10k yuan)"),
    "candidate.targets": ("目标", "Targets"),
    "candidate.targets_help": (
        "目标（当选后成为项目指标）：每行一个，填写名称、单位、目标值。",
        "Targets (the project's indicators if elected): one a row, with name, unit and target.",
    ),
    "candidate.download": ("下载候选项目表（Excel，可编辑后导入）", "Download the list (Excel, edit and import)"),
    "candidate.frozen_note": (
        "该年度票决已开始，候选项目保持投票时的样子，不能再修改。",
        "The year's vote has opened: the candidates stay as voted on.",
    ),
    "candidate.edit": ("新增或修改候选项目", "Add or edit a candidate"),
    "candidate.delete": ("删除此候选项目", "Delete this candidate"),
    "candidate.delete_confirm": ("确认删除“{title}”", "Yes, delete “{title}”"),
    "candidate.deleted": ("候选项目已删除。", "The candidate was deleted."),
    "candidate.import": ("从 Excel 导入", "Import from Excel"),
    "candidate.import_help": (
        "工作表“候选项目”每行一个项目（项目名称、领域、简介、牵头单位、预计投资（万元）），工作表“指标”每行一个目标（项目名称、指标、单位、目标值）。按项目名称新增或更新；任何一行有误则整个文件不导入，并列出所有问题。",
        "Sheet 候选项目: one candidate a row (title, field, description, lead department, budget); sheet 指标: one target a row (title, indicator, unit, target). Candidates are added or updated by title; any bad row refuses the whole file, listing every problem.",
    ),
    "candidate.imported": (
        "导入完成：新增 {created} 个，更新 {updated} 个。",
        "Imported: {created} added, {updated} updated.",
    ),
    "candidate.duplicate_title": ("项目名称与第 {line} 行重复。", "Same title as line {line}."),
    "candidate.frozen": (
        "该年度票决已开始，候选项目不能再修改。",
        "The year's vote has opened: its candidates can no longer change.",
    ),
    "candidate.field_unknown": ("“{value}”不是征集领域之一。", "“{value}” is not one of the fields."),
    "candidate.budget_invalid": (
        "预计投资须为不小于 0 的数字（万元）。",
        "The estimated budget must be a number of at least 0 (10k yuan).",
    ),
    "candidate.target_without_candidate": (
        "候选项目表中没有“{value}”。",
        "“{value}” is not on the candidates sheet.",
    ),
}
