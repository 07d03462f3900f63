//! Hashes of strings as lower-case hex: MD5, SHA-1, SHA-256, SHA-512 (`RustCrypto`), CRC-32
//! (IEEE), CRC-64 (ECMA-182, as Go's `crc64.ECMA`), xxHash64 (seed 0). CRCs and xxHash print
//! all their digits (8 and 16).

use std::fmt::Write as _;
use std::sync::LazyLock;

use md5::Digest as _;

use crate::eval::error::Error;
use crate::value::Value;

type Result = std::result::Result<Value, Error>;

fn input<'v>(args: &[&'v Value]) -> std::result::Result<&'v [u8], Error> {
    match args {
        [Value::String(text)] => Ok(text.as_bytes()),
        [Value::Bytes(bytes)] => Ok(bytes),
        _ => Err(Error::mismatch()),
    }
}

fn hex(bytes: &[u8]) -> Value {
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    Value::from(out)
}

pub(crate) fn md5(args: &[&Value]) -> Result {
    Ok(hex(&md5::Md5::digest(input(args)?)))
}

pub(crate) fn sha1(args: &[&Value]) -> Result {
    Ok(hex(&sha1::Sha1::digest(input(args)?)))
}

pub(crate) fn sha256(args: &[&Value]) -> Result {
    Ok(hex(&sha2::Sha256::digest(input(args)?)))
}

pub(crate) fn sha512(args: &[&Value]) -> Result {
    Ok(hex(&sha2::Sha512::digest(input(args)?)))
}

pub(crate) fn xxhash64(args: &[&Value]) -> Result {
    Ok(Value::from(format!("{:016x}", xxhash_rust::xxh64::xxh64(input(args)?, 0))))
}

/// A reflected CRC table for `polynomial`.
fn table(polynomial: u64) -> [u64; 256] {
    let mut table = [0; 256];
    for (byte, entry) in (0_u64..).zip(table.iter_mut()) {
        let mut crc = byte;
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ polynomial } else { crc >> 1 };
        }
        *entry = crc;
    }
    table
}

static CRC32: LazyLock<[u64; 256]> = LazyLock::new(|| table(0xEDB8_8320));
static CRC64: LazyLock<[u64; 256]> = LazyLock::new(|| table(0xC96C_5795_D787_0F42));

fn crc(table: &[u64; 256], mask: u64, bytes: &[u8]) -> u64 {
    let mut crc = mask;
    for byte in bytes {
        crc = table[((crc ^ u64::from(*byte)) & 0xff) as usize] ^ (crc >> 8);
    }
    (crc ^ mask) & mask
}

pub(crate) fn crc32(args: &[&Value]) -> Result {
    Ok(Value::from(format!("{:08x}", crc(&CRC32, 0xFFFF_FFFF, input(args)?))))
}

pub(crate) fn crc64(args: &[&Value]) -> Result {
    Ok(Value::from(format!("{:016x}", crc(&CRC64, u64::MAX, input(args)?))))
}

#[cfg(test)]
mod tests {
    use crate::value::Value;

    #[test]
    fn check_values() {
        let input = Value::from("123456789");
        let args = [&input];
        assert_eq!(super::crc32(&args).unwrap(), Value::from("cbf43926"));
        assert_eq!(super::crc64(&args).unwrap(), Value::from("995dc9bbdf1939fa"));
        assert_eq!(super::md5(&args).unwrap(), Value::from("25f9e794323b453885f5181f1b624d0b"));
        assert_eq!(super::xxhash64(&[&Value::from("")]).unwrap(), Value::from("ef46db3751d8e999"));
        assert_eq!(
            super::sha256(&[&Value::from("abc")]).unwrap(),
            Value::from("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
    }
}
