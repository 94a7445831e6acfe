//! The demo's 微心愿: what residents asked for, as the desk wrote it down (who, and why,
//! which stays at the desk), the wording for the wall (what is wished, never who nor where)
//! and what was done once a deputy or a volunteer took it up.

/// One wish of the demo.
pub struct WishText {
    /// The desk's record of the resident's circumstances, `{姓}` standing for their
    /// surname; never on the wall.
    pub content: &'static str,
    /// The wall's wording: no name, phone, address or number.
    pub public: &'static str,
    /// What was done (圆梦), for a fulfilled one.
    pub note: &'static str,
}

impl WishText {
    /// The desk's record for a resident of this name ("这位" for one who gave none).
    pub fn content_for(&self, name: Option<&str>) -> String {
        let surname = name
            .and_then(|n| n.chars().next())
            .map(String::from)
            .unwrap_or_else(|| "这位".to_string());
        self.content.replace("{姓}", &surname)
    }
}

const fn w(content: &'static str, public: &'static str, note: &'static str) -> WishText {
    WishText {
        content,
        public,
        note,
    }
}

pub const WISHES: &[WishText] = &[
    w(
        "{姓}奶奶今年九十岁，腿脚不便，出门靠扶墙，想要一副助行器，子女都在外地。",
        "一位九十岁的老人行走不便，希望有一副助行器",
        "代表购置助行器一副送到老人家中，并教会她使用。",
    ),
    w(
        "{姓}家孙女读三年级，书包背带断了缝过几次，家里困难，想要一个新书包。",
        "一名三年级小学生希望有一个新书包",
        "志愿者送去新书包一个和文具一套。",
    ),
    w(
        "{姓}阿姨丈夫去年去世，一个人住，厨房水龙头漏水一个多月，自己修不了。",
        "一位独居老人家中水龙头漏水，希望有人上门修理",
        "联系物业维修师傅上门更换了水龙头，并检查了家中水管。",
    ),
    w(
        "{姓}大爷独居，想学会用智能手机和在外地工作的儿子视频通话。",
        "一位独居老人想学会用智能手机和家人视频",
        "志愿者上门教了三次，老人已能自己视频通话。",
    ),
    w(
        "{姓}先生下肢残疾，坐轮椅，单元门口台阶太高，进出要人抬，希望加一块坡道板。",
        "一位坐轮椅的居民希望单元门口加装一块无障碍坡道板",
        "代表协调物业在单元门口加装了坡道板。",
    ),
    w(
        "留守儿童小军跟奶奶住，爱看书，想要几本课外书。",
        "一名留守儿童希望得到几本课外读物",
        "志愿者送去课外书十二本，并办了一张图书馆借书证。",
    ),
    w(
        "{姓}奶奶老花眼加重，原来的老花镜摔坏了，想配一副新的。",
        "一位老人希望配一副合适的老花镜",
        "代表陪同老人到眼镜店验光，配好了老花镜。",
    ),
    w(
        "{姓}阿婆想请人帮忙把阳台上的旧衣柜和旧沙发搬下楼，自己搬不动。",
        "一位高龄老人希望有人帮忙把旧家具搬下楼",
        "志愿者四人上门把旧家具搬到了小区大件垃圾点。",
    ),
    w(
        "{姓}大爷下月要去医院复查，老伴身体不好，希望有人陪同挂号取药。",
        "一位老人希望复查时有人陪同",
        "志愿者陪同老人完成复查，取回了药。",
    ),
    w(
        "{姓}阿姨患病在家，冬天到了，家里没有取暖器，希望有一台。",
        "一户困难家庭希望冬天有一台取暖器",
        "代表送去取暖器一台，并提醒用电安全。",
    ),
    w(
        "{姓}师傅失业在家，想参加电工培训学一门手艺。",
        "一位失业居民希望参加技能培训",
        "已推荐到街道零工驿站参加电工培训班。",
    ),
    w(
        "{姓}爷爷卧床，想有一张可以摇起来的护理床，方便家人照顾。",
        "一位卧床老人希望有一张护理床",
        "代表联系慈善超市借到护理床一张，已送到家中安装好。",
    ),
];

/// Volunteers who take wishes up (named in free text, as the desk writes them).
pub const VOLUNTEERS: &[&str] = &["陈志强", "林晓燕", "郭文涛", "许丽娟", "宋建国"];

/// Why a wish ended without being fulfilled.
pub const WITHDRAWN: &[&str] = &[
    "家属已从外地回来照顾，居民表示不再需要。",
    "居民已自行解决。",
];
