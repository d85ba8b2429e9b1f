//! Geography: ISO 3166-1 alpha-2 countries, ISO 639-1 languages, and the default regions
//! (UN M49 groupings: the Americas are `AMER`; Europe, Africa and Western Asia `EMEA`; the
//! rest of Asia and Oceania `APAC`; Antarctica has none).

/// Every assigned ISO 3166-1 alpha-2 code, sorted.
const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO \
    BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ \
    DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP \
    GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG \
    KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML \
    MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE \
    PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL \
    SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM \
    US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// Every ISO 639-1 code, sorted.
const LANGUAGES: &str = "aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv \
    cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho \
    hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku \
    kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn \
    no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg sh si sk sl \
    sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve \
    vi vo wa wo xh yi yo za zh zu";

/// Default `AMER` countries.
pub const AMER: &str = "AG AI AR AW BB BL BM BO BQ BR BS BV BZ CA CL CO CR CU CW DM DO EC FK GD GF GL GP GS GT \
    GY HN HT JM KN KY LC MF MQ MS MX NI PA PE PM PR PY SR SV SX TC TT US UY VC VE VG VI";

/// Default `EMEA` countries.
pub const EMEA: &str = "AD AE AL AM AO AT AX AZ BA BE BF BG BH BI BJ BW BY CD CF CG CH CI CM CV CY CZ DE DJ DK \
    DZ EE EG EH ER ES ET FI FO FR GA GB GE GG GH GI GM GN GQ GR GW HR HU IE IL IM IO IQ IS \
    IT JE JO KE KM KW LB LI LR LS LT LU LV LY MA MC MD ME MG MK ML MR MT MU MW MZ NA NE NG \
    NL NO OM PL PS PT QA RE RO RS RU RW SA SC SD SE SH SI SJ SK SL SM SN SO SS ST SY SZ TD \
    TF TG TN TR TZ UA UG VA YE YT ZA ZM ZW";

/// Default `APAC` countries.
pub const APAC: &str = "AF AS AU BD BN BT CC CK CN CX FJ FM GU HK HM ID IN IR JP KG KH KI KP KR KZ LA LK MH MM \
    MN MO MP MV MY NC NF NP NR NU NZ PF PG PH PK PN PW SB SG TH TJ TK TL TM TO TV TW UM UZ \
    VN VU WF WS";

/// Default opt-in consent countries: EU-27, IS, LI, NO, GB, CH.
pub const OPT_IN: &str = "AT BE BG CH CY CZ DE DK EE ES FI FR GB GR HR HU IE IS IT LI LT LU LV MT NL NO PL PT RO SE SI SK";

/// A set of two-letter codes as a 26 x 26 bitmap, built at compile time from a
/// space-separated list of codes whose letters start at `base` (`b'A'` or `b'a'`).
struct Codes {
    bits: [u64; 11],
    base: u8,
}

impl Codes {
    const fn of(list: &str, base: u8) -> Codes {
        let b = list.as_bytes();
        let mut bits = [0u64; 11];
        let mut i = 0;
        while i + 1 < b.len() {
            if b[i] == b' ' {
                i += 1;
                continue;
            }
            let n = (b[i] - base) as usize * 26 + (b[i + 1] - base) as usize;
            bits[n / 64] |= 1 << (n % 64);
            i += 2;
        }
        Codes { bits, base }
    }

    fn contains(&self, code: &str) -> bool {
        let &[x, y] = code.as_bytes() else {
            return false;
        };
        let (x, y) = (x.wrapping_sub(self.base), y.wrapping_sub(self.base));
        if x >= 26 || y >= 26 {
            return false;
        }
        let n = usize::from(x) * 26 + usize::from(y);
        self.bits[n / 64] & (1 << (n % 64)) != 0
    }
}

static COUNTRY_SET: Codes = Codes::of(COUNTRIES, b'A');
static LANGUAGE_SET: Codes = Codes::of(LANGUAGES, b'a');

/// Whether `code` is an assigned ISO 3166-1 alpha-2 code (upper case).
pub fn is_country(code: &str) -> bool {
    COUNTRY_SET.contains(code)
}

/// Whether `code` is an ISO 639-1 code (lower case).
pub fn is_language(code: &str) -> bool {
    LANGUAGE_SET.contains(code)
}

/// The codes of a space-separated list.
pub(crate) fn codes(list: &str) -> impl Iterator<Item = &str> {
    list.split_ascii_whitespace()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bitmaps_hold_exactly_the_listed_codes() {
        for (list, set, base) in [
            (COUNTRIES, &COUNTRY_SET, b'A'),
            (LANGUAGES, &LANGUAGE_SET, b'a'),
        ] {
            let listed: Vec<&str> = codes(list).collect();
            assert!(listed.iter().all(|c| c.len() == 2));
            for x in 0..26u8 {
                for y in 0..26u8 {
                    let code = String::from_utf8(vec![base + x, base + y]).unwrap();
                    assert_eq!(
                        set.contains(&code),
                        listed.contains(&code.as_str()),
                        "{code}"
                    );
                }
            }
        }
        assert_eq!(codes(COUNTRIES).count(), 249);
        assert_eq!(codes(LANGUAGES).count(), 184);
    }

    #[test]
    fn other_text_is_no_code() {
        for s in [
            "",
            "U",
            "USA",
            "us",
            "Us",
            "U ",
            "@A",
            "[A",
            "Ü",
            "ÜS",
            "\u{0}\u{0}",
            "fr",
            "FR ",
        ] {
            assert!(!is_country(s), "{s:?}");
        }
        assert!(is_country("US") && is_country("ZW") && is_country("AD"));
        for s in ["", "EN", "en ", "e", "eng", "`a", "{a", "zz"] {
            assert!(!is_language(s), "{s:?}");
        }
        assert!(is_language("en") && is_language("zu") && is_language("aa"));
    }
}
