//! Decoding the one-line `api:` value: plain JSON, or base64 of a zlib stream, inflated
//! under a cap. This is the fast path: the value never goes through the YAML library.

use std::io::Read;

use base64::Engine as _;
use serde_json::Value;

/// Decodes an `api:` value (plain JSON or base64-of-zlib) with an inflate cap.
///
/// A value starting with `{` (or `[`) is JSON; otherwise it is base64 (standard alphabet,
/// padding optional, surrounding whitespace ignored) of a zlib stream, inflated to at most
/// `max_inflated` bytes. The result must be a JSON object. Every failure has its own message:
/// truncated or invalid base64, a stream that is not zlib, a corrupt or truncated zlib
/// stream, output over the cap, invalid UTF-8, invalid JSON (with serde_json's line and
/// column, counted within the JSON text), or JSON that is not an object.
pub fn decode_api_value(value: &str, max_inflated: usize) -> std::result::Result<Value, String> {
    let value = value.trim();
    let first = value.as_bytes().first().copied();
    let json = match first {
        None => return Err("api: is empty".to_owned()),
        Some(b'{' | b'[') => parse_json(value, "api:")?,
        Some(c) => {
            // A YAML scalar such as `null`, `42` or `"text"`: report its kind rather than a
            // baffling base64 error. Base64 (`eJ…`) fails this parse at its first bytes.
            if c == b'"' || c == b'-' || c.is_ascii_digit() || matches!(c, b't' | b'f' | b'n') {
                if let Ok(scalar) = serde_json::from_str::<Value>(value) {
                    return Err(not_an_object(&scalar));
                }
            }
            let compressed = decode_base64(value)?;
            let inflated = inflate(&compressed, max_inflated)?;
            let text = std::str::from_utf8(&inflated)
                .map_err(|e| format!("inflated api: is not valid UTF-8: {e}"))?;
            parse_json(text, "inflated api:")?
        }
    };
    if json.is_object() {
        Ok(json)
    } else {
        Err(not_an_object(&json))
    }
}

/// How deeply `api:` JSON may nest (objects and arrays): serde_json's own limit,
/// kept on purpose. Real pages nest about 30 levels; the stages after reading
/// recurse over the value, and this bound keeps their stack use small on any thread.
pub const MAX_NESTING: usize = 128;

fn parse_json(text: &str, what: &str) -> std::result::Result<Value, String> {
    serde_json::from_str(text).map_err(|e| {
        if e.to_string().starts_with("recursion limit exceeded") {
            format!(
                "{what} nests deeper than {MAX_NESTING} levels of objects and arrays \
                 (at line {} column {} of the JSON); deeper input is not supported",
                e.line(),
                e.column()
            )
        } else {
            format!("{what} is not valid JSON: {e}")
        }
    })
}

fn not_an_object(value: &Value) -> String {
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    format!("api: is not an object (found {kind})")
}

fn decode_base64(value: &str) -> std::result::Result<Vec<u8>, String> {
    use base64::DecodeError;
    base64::engine::general_purpose::STANDARD_PAD_INDIFFERENT
        .decode(value)
        .map_err(|e| match e {
            DecodeError::InvalidLength(symbols) => format!(
                "api: base64 is truncated: its {symbols} symbols leave one dangling symbol at the end"
            ),
            DecodeError::InvalidLastSymbol { offset, .. } => format!(
                "api: base64 is truncated or corrupt: its last symbol (offset {offset}) has leftover bits"
            ),
            DecodeError::InvalidByte(offset, b'=') => {
                format!("api: base64 is invalid: padding `=` in the middle, at offset {offset}")
            }
            DecodeError::InvalidByte(offset, byte) => format!(
                "api: base64 is invalid: {} at offset {offset} is not in the standard base64 alphabet",
                describe_byte(byte)
            ),
            DecodeError::InvalidPadding => "api: base64 is invalid: bad padding".to_owned(),
        })
}

fn describe_byte(byte: u8) -> String {
    if byte.is_ascii_graphic() {
        format!("`{}`", char::from(byte))
    } else {
        format!("byte {byte:#04x}")
    }
}

fn inflate(compressed: &[u8], max_inflated: usize) -> std::result::Result<Vec<u8>, String> {
    match compressed {
        [cmf, flg, _, ..] => {
            let header = u16::from(*cmf) << 8 | u16::from(*flg);
            if cmf & 0x0f != 8 || cmf >> 4 > 7 || header % 31 != 0 {
                return Err(format!(
                    "api: base64 does not hold a zlib stream (it starts with bytes {cmf:#04x} \
                     {flg:#04x}; a compressed api: value starts with `eJ`)"
                ));
            }
            if flg & 0x20 != 0 {
                return Err(
                    "api: zlib stream needs a preset dictionary, which is not supported".to_owned(),
                );
            }
        }
        _ => {
            return Err(format!(
                "api: zlib stream is truncated: only {} byte(s) after base64 decoding",
                compressed.len()
            ))
        }
    }
    // Read at most one byte past the cap: that byte proves the cap was exceeded without
    // inflating the rest of a bomb. `bufread` reads the slice in place (no second buffer).
    let limit = u64::try_from(max_inflated)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    let mut out = Vec::with_capacity(
        compressed
            .len()
            .saturating_mul(8)
            .min(max_inflated.saturating_add(1)),
    );
    let mut reader = flate2::bufread::ZlibDecoder::new(compressed).take(limit);
    if let Err(e) = reader.read_to_end(&mut out) {
        return Err(match e.kind() {
            std::io::ErrorKind::UnexpectedEof => {
                "api: zlib stream is truncated: the data ends before the compressed stream does"
                    .to_owned()
            }
            std::io::ErrorKind::InvalidInput => format!("api: zlib stream is corrupt ({e})"),
            _ => format!("api: zlib stream cannot be inflated: {e}"),
        });
    }
    if out.len() > max_inflated {
        return Err(format!(
            "inflated api: exceeds the {} cap",
            human_size(max_inflated)
        ));
    }
    let consumed = reader.get_ref().total_in();
    let trailing = (compressed.len() as u64).saturating_sub(consumed);
    if trailing > 0 {
        return Err(format!(
            "api: zlib stream is followed by {trailing} byte(s) of trailing data"
        ));
    }
    Ok(out)
}

fn human_size(bytes: usize) -> String {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * 1024;
    if bytes > 0 && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes > 0 && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else if bytes == 1 {
        "1 byte".to_owned()
    } else {
        format!("{bytes} bytes")
    }
}
