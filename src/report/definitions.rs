//! What every figure of the monthly report means, written once and shown in the report's notes,
//! the Markdown and the README.

/// How many figures are defined: the two languages define the same ones.
const FIGURES: usize = 22;

/// (term, definition) pairs, in Chinese.
pub const DEFINITIONS: &[(&str, &str); FIGURES] = &[
    (
        "统计范围",
        "本月登记（登记时间在本月内）的来访、来电、网络、流动接待、来信和扫码登记意见；各项状态以本月最后一天24时（本月未结束时以生成报告之时）的办理情况为准，由事件记录逐条回放得出。",
    ),
    ("登记数", "本月登记的件数：登记数 = 受理数 + 撤销数。"),
    (
        "受理数",
        "本月登记且未撤销的意见件数，含关联的重复件（同一事项的不同群众各计一件）；办结数、按期办结率、回访、满意率、解决率、重办件、承办单位和代表各项均只计受理件。",
    ),
    (
        "撤销数",
        "本月登记、截至月末已撤销的件数（群众未接待离开、误登记、同一群众重复登记），单列一行，不计入受理数及由其得出的各项数字。",
    ),
    (
        "办结数",
        "受理件中截至月末已办结的件数：当场答复、不予受理并已引导、以及交办后已回访办结的件。",
    ),
    (
        "按期办结率",
        "按期办结数 ÷ 办结数。当场答复和不予受理视为按期；交办件以最后一次反馈日期不晚于（含延期后的）办理期限为按期。",
    ),
    (
        "回访数",
        "受理件中截至月末已回访过的件数；回访后又重办的件也计入，按其最近一次回访结果统计。",
    ),
    (
        "满意率",
        "最近一次回访为非常满意、满意或基本满意的件数 ÷ 回访数。",
    ),
    (
        "解决率",
        "最近一次回访确认已办成的件数 ÷ 回访数。办成与满意分别统计。",
    ),
    (
        "重办件",
        "截至月末因回访不满意或未办成而重新交办过至少一次的受理件；随原件重办的重复件不另计。",
    ),
    (
        "月末逾期",
        "截至月末仍在承办单位（已交办或已上报）且办理期限早于月末日期的件数，不论何月登记。",
    ),
    (
        "承办单位：交办",
        "本月交给该单位的次数（交办、上报、重办）；重复件随原件交办、反馈的不另计，承办单位各栏只计原件；重复件单独交办的（原件已撤销或尚未办理）照常计入。",
    ),
    ("承办单位：办结", "本月收到该单位反馈的次数。"),
    (
        "承办单位：平均天数",
        "本月各次反馈距其交办日的自然日天数平均。",
    ),
    ("代表：接待日", "本月在本站值班表上签到的天数。"),
    (
        "代表：接待群众",
        "本月由该代表接待（叫号）的群众人次，已撤销的登记不计。",
    ),
    (
        "代表：跟踪办结",
        "本月由该代表接待的受理件中截至月末已办结的件数。",
    ),
    (
        "活动：场次、人次",
        "一次活动计一场次；每位参加的代表或议政代表计一人次。",
    ),
    (
        "微心愿：登记",
        "本月登记的微心愿个数（含其后撤销的）。微心愿不是案件，不计入任何案件数字。",
    ),
    (
        "微心愿：认领",
        "本月记录的认领次数（代表、议政代表或志愿者认领）。",
    ),
    (
        "微心愿：圆梦",
        "本月记录圆梦的微心愿个数，不论何月登记；代表履职档案中按认领的成员计。",
    ),
    (
        "微心愿：圆梦天数中位数",
        "本月圆梦的各个微心愿，从登记日到圆梦日的自然日天数的中位数（个数为偶数时取中间两数的平均）；本月无圆梦时为“-”。",
    ),
];

/// The same definitions in English, in the same order.
pub const DEFINITIONS_EN: &[(&str, &str); FIGURES] = &[
    (
        "Scope",
        "Visits, calls, online and mobile receptions, letters and self-service registrations registered this month (registered within the month); each status is as handled at 24:00 on the month's last day (when the report is made, if the month is not over), replayed event by event from the log.",
    ),
    (
        "Registered",
        "Registrations this month: registered = received + withdrawn.",
    ),
    (
        "Received",
        "Cases registered this month and not withdrawn, linked duplicates included (each resident with the same matter counts one); finished, on-time rate, call-backs, satisfaction, resolution, reopened, units and deputies count received cases only.",
    ),
    (
        "Withdrawn",
        "Registrations this month withdrawn by the month's end (the resident left before being received, a mistaken registration, the same resident registered twice), on a line of their own and outside received and every figure built on it.",
    ),
    (
        "Finished",
        "Received cases finished by the month's end: answered on the spot, not accepted and referred, and handed-over cases closed after the call-back.",
    ),
    (
        "On-time rate",
        "Finished on time ÷ finished. Answers on the spot and refusals count as on time; a handed-over case is on time when its last reply is no later than its deadline (extensions included).",
    ),
    (
        "Called back",
        "Received cases called back by the month's end; a case reopened after its call-back counts too, by its latest call-back.",
    ),
    (
        "Satisfaction rate",
        "Cases whose latest call-back was very satisfied, satisfied or fairly satisfied ÷ called back.",
    ),
    (
        "Resolution rate",
        "Cases whose latest call-back confirmed the matter resolved ÷ called back. Resolved and satisfied are counted apart.",
    ),
    (
        "Reopened",
        "Received cases handed over again at least once by the month's end because the call-back was unsatisfied or the matter unresolved; a duplicate reopened with its original is not counted again.",
    ),
    (
        "Overdue at month's end",
        "Cases still with a unit (handed over or escalated) at the month's end whose deadline is before the month's last day, whatever month they were registered in.",
    ),
    (
        "Units: handed",
        "Times the unit was given a case this month (handed over, escalated, reopened); a duplicate handed over or replied to with its original is not counted again: the unit's columns count the original only; a duplicate handed over on its own (its original withdrawn or not yet handled) counts as any case.",
    ),
    (
        "Units: replied",
        "Times a reply of the unit was received this month.",
    ),
    (
        "Units: average days",
        "Average calendar days from each reply back to its hand-over.",
    ),
    (
        "Deputies: reception days",
        "Days this month the deputy signed in on this station's duty roster.",
    ),
    (
        "Deputies: residents received",
        "Residents received (called) by the deputy this month, withdrawn registrations left out.",
    ),
    (
        "Deputies: followed to closure",
        "Received cases of the deputy this month finished by the month's end.",
    ),
    (
        "Activities: sessions, attendances",
        "Each activity counts one session; each deputy or representative taking part counts one attendance.",
    ),
    (
        "Wishes: registered",
        "Small wishes registered this month (those withdrawn since included). A wish is not a case and is outside every case figure.",
    ),
    (
        "Wishes: claimed",
        "Claims recorded this month (by a deputy, a representative or a volunteer).",
    ),
    (
        "Wishes: fulfilled",
        "Wishes whose fulfilment was recorded this month, whatever month they were registered in; in the duty records, counted for the member who claimed them.",
    ),
    (
        "Wishes: median days to fulfilment",
        "The median of the calendar days from registration to the fulfilment date over the wishes fulfilled this month (the mean of the two middle values for an even count); \"-\" when none was fulfilled.",
    ),
];

/// The definitions in a language.
pub fn in_lang(lang: crate::i18n::Lang) -> &'static [(&'static str, &'static str); FIGURES] {
    match lang {
        crate::i18n::Lang::Zh => DEFINITIONS,
        crate::i18n::Lang::En => DEFINITIONS_EN,
    }
}

/// The definitions as one text, a line each.
pub fn as_text() -> String {
    DEFINITIONS
        .iter()
        .map(|(t, d)| format!("{t}：{d}"))
        .collect::<Vec<_>>()
        .join("\n")
}
