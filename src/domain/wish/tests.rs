//! The wish's transition function, numbers and figures.

use super::*;

#[test]
fn the_wall_takes_no_personal_number() {
    assert!(fit_for_the_wall("独居老人需要一副助行器"));
    assert!(fit_for_the_wall("需要2个书包，3年级用"));
    assert!(!fit_for_the_wall("请联系13812345678"));
    assert!(
        !fit_for_the_wall("请联系１３８１２３４５６７８"),
        "full-width digits too"
    );
    assert!(!fit_for_the_wall("身份证320211198001011234"));
}

fn at(d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, d)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

fn ev(wish: WishId, at: NaiveDateTime, body: WishBody) -> WishEvent {
    WishEvent {
        id: Uuid::now_v7(),
        wish_id: wish,
        at,
        actor: "t".into(),
        body,
    }
}

fn registered(wish: WishId) -> WishEvent {
    ev(
        wish,
        at(17, 9),
        WishBody::Registered {
            number: "HF-W-20261117-001".into(),
            station: "HF".into(),
            content: "助行器一副".into(),
            public: Some("一位老人需要助行器".into()),
        },
    )
}

#[test]
fn numbers_have_a_w_and_the_desk_tag() {
    let day = NaiveDate::from_ymd_opt(2026, 11, 17).unwrap();
    assert_eq!(
        wish_number("HF", day, DeskTag::FIRST, 1),
        "HF-W-20261117-001"
    );
    let second = DeskTag::new(2, 1).unwrap();
    let n = wish_number("HF", day, second, 7);
    assert_eq!(n, "HF-W-20261117-2A007");
    assert_eq!(parse_wish_number(&n), Some(("HF", day, second, 7)));
    assert_eq!(parse_wish_number("HF-20261117-001"), None);
    assert_eq!(parse_wish_number("HF-W-2026111-001"), None);
    assert_eq!(parse_wish_number("-W-20261117-001"), None);
}

#[test]
fn open_claimed_fulfilled() {
    let id = Uuid::now_v7();
    let w = apply(None, &registered(id)).unwrap();
    assert_eq!((w.state, w.events), (WishState::Open, 1));
    assert!(w.on_the_wall());
    let claim = ev(
        id,
        at(18, 9),
        WishBody::Claimed {
            member: Some("D02".into()),
        },
    );
    let w = apply(Some(&w), &claim).unwrap();
    assert_eq!(w.state, WishState::Claimed);
    assert!(!w.on_the_wall());
    let done = ev(
        id,
        at(20, 9),
        WishBody::Fulfilled {
            on: at(19, 0).date(),
            note: "已送到".into(),
        },
    );
    let w = apply(Some(&w), &done).unwrap();
    assert_eq!(w.state, WishState::Fulfilled);
    assert_eq!(w.days_to_fulfil(), Some(2));
    // A fulfilled wish is not claimed, fulfilled or withdrawn again.
    for body in [
        WishBody::Claimed { member: None },
        WishBody::Withdrawn { reason: "x".into() },
    ] {
        assert!(matches!(
            apply(Some(&w), &ev(id, at(21, 9), body)),
            Err(WishError::NotAllowed { .. })
        ));
    }
    let log = [registered(id), claim, done];
    assert_eq!(replay(&log).unwrap().unwrap(), w);
}

#[test]
fn bad_changes_are_refused() {
    let id = Uuid::now_v7();
    let w = apply(None, &registered(id)).unwrap();
    let fulfil = |on: NaiveDate, note: &str| {
        ev(
            id,
            at(20, 9),
            WishBody::Fulfilled {
                on,
                note: note.into(),
            },
        )
    };
    assert_eq!(
        apply(Some(&w), &fulfil(at(20, 0).date(), "ok")),
        Err(WishError::NotClaimed("HF-W-20261117-001".into()))
    );
    let claimed = apply(
        Some(&w),
        &ev(id, at(18, 9), WishBody::Claimed { member: None }),
    )
    .unwrap();
    assert!(claimed.by_volunteer);
    assert!(matches!(
        apply(Some(&claimed), &fulfil(at(21, 0).date(), "ok")),
        Err(WishError::InFuture { .. })
    ));
    assert!(matches!(
        apply(Some(&claimed), &fulfil(at(16, 0).date(), "ok")),
        Err(WishError::BeforeRegistered { .. })
    ));
    assert_eq!(
        apply(Some(&claimed), &fulfil(at(20, 0).date(), "  ")),
        Err(WishError::Empty { field: "note" })
    );
    let mut empty = registered(id);
    if let WishBody::Registered { content, .. } = &mut empty.body {
        content.clear();
    }
    assert_eq!(
        apply(None, &empty),
        Err(WishError::Empty { field: "content" })
    );
    assert!(matches!(
        apply(None, &ev(id, at(17, 9), WishBody::Claimed { member: None })),
        Err(WishError::NotRegistered(_))
    ));
    let gone = apply(
        Some(&claimed),
        &ev(
            id,
            at(19, 9),
            WishBody::Withdrawn {
                reason: "搬走".into(),
            },
        ),
    )
    .unwrap();
    assert_eq!(gone.state, WishState::Withdrawn);
}

#[test]
fn an_open_wish_is_given_a_wording_replaced_and_taken_off_the_wall() {
    let id = Uuid::now_v7();
    let mut from_phone = registered(id);
    if let WishBody::Registered { public, .. } = &mut from_phone.body {
        *public = None;
    }
    let w = apply(None, &from_phone).unwrap();
    assert!(!w.on_the_wall());
    let publish = |h: u32, text: Option<&str>| {
        ev(
            id,
            at(17, h),
            WishBody::Published {
                public: text.map(str::to_string),
            },
        )
    };
    let first = publish(10, Some("一位老人需要助行器"));
    let w = apply(Some(&w), &first).unwrap();
    assert!(w.on_the_wall());
    assert_eq!((w.events, w.updated_at), (2, at(17, 10)));
    let second = publish(11, Some("一位高龄老人需要一副助行器"));
    let w = apply(Some(&w), &second).unwrap();
    assert_eq!(w.public.as_deref(), Some("一位高龄老人需要一副助行器"));
    assert_eq!(
        apply(Some(&w), &publish(12, Some(" "))),
        Err(WishError::Empty { field: "public" })
    );
    let off = publish(12, None);
    let w = apply(Some(&w), &off).unwrap();
    assert!(!w.on_the_wall() && w.public.is_none());
    let log = [from_phone, first, second, off];
    assert_eq!(replay(&log).unwrap().unwrap(), w);

    // A claimed wish is off the wall whatever its wording: it takes none.
    let claimed = apply(
        Some(&w),
        &ev(id, at(18, 9), WishBody::Claimed { member: None }),
    )
    .unwrap();
    assert_eq!(
        apply(Some(&claimed), &publish(19, Some("x"))),
        Err(WishError::PublicNotOpen {
            number: "HF-W-20261117-001".into(),
            state: WishState::Claimed,
        })
    );
    // Its text is a text: the purge's erasure reaches it.
    let mut body = WishBody::Published {
        public: Some("电话13812345678".into()),
    };
    assert!(body.map_texts(|t| std::borrow::Cow::Owned(t.replace("13812345678", "＊"))));
    assert_eq!(
        body.payload_json(),
        r#"{"public":"电话＊"}"#,
        "the payload is the public text alone"
    );
    let off = WishBody::Published { public: None };
    assert_eq!(off.payload_json(), "{}");
    assert_eq!(WishBody::from_stored("published", "{}").unwrap(), off);
}

#[test]
fn payload_round_trips() {
    let body = WishBody::Fulfilled {
        on: at(19, 0).date(),
        note: "n".into(),
    };
    let p = body.payload_json();
    assert_eq!(p, r#"{"note":"n","on":"2026-11-19"}"#);
    assert_eq!(WishBody::from_stored("fulfilled", &p).unwrap(), body);
    assert!(WishBody::from_stored("teleported", "{}").is_err());
}

#[test]
fn medians() {
    assert_eq!(median_days(&mut []), None);
    assert_eq!(median_days(&mut [5, 1, 3]), Some(3.0));
    assert_eq!(median_days(&mut [4, 1, 3, 10]), Some(3.5));
}
