//! Files people bring from elsewhere: reading their text whatever the encoding, and the
//! CSV they come in.

pub mod csv;
pub mod units;

/// Why a file's bytes are not text we can read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the file is neither UTF-8 nor GB18030 text (first bad byte at {offset}); save it as \"CSV UTF-8\""
)]
pub struct NotText {
    pub offset: usize,
}

/// Decodes a file: UTF-8 (with or without a byte-order mark), or GB18030 — what Excel on a
/// Chinese Windows desk writes by default.
pub fn decode(bytes: &[u8]) -> Result<String, NotText> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            if had_errors {
                Err(NotText {
                    offset: e.valid_up_to(),
                })
            } else {
                Ok(text.into_owned())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utf8_with_bom_and_gbk() {
        assert_eq!(decode(b"\xEF\xBB\xBFcode,name").unwrap(), "code,name");
        let (gbk, _, _) = encoding_rs::GBK.encode("街道市政设施管理所");
        assert_eq!(decode(&gbk).unwrap(), "街道市政设施管理所");
        assert!(decode(&[0xff, 0xff, 0xff, 0x00]).is_err());
    }
}
