//! Parsing of the embedded data files (`data/*.csv[.gz]`, written by
//! `tools/nanp-data/generate.py`). The files are plain CSV without quoting
//! (the generator guarantees no field holds a comma, quote or newline), so
//! splitting on commas is exact.

use std::io::Read;
use std::str::FromStr;
use std::sync::Arc;

use flate2::read::GzDecoder;

use super::model::{
    Carrier, Exchange, LatLon, Lata, LataAnchor, LataInfo, NpaInfo, NpaKind, NpaService, Ocn,
    Source, ZipCode, ZipInfo,
};
use crate::error::NanpError;
use crate::hash::FxHashMap as HashMap;
use crate::number::{Npa, NpaNxx, Nxx};
use crate::states::Country;

/// The embedded files, compiled into the binary.
pub(crate) const PLACES_GZ: &[u8] = include_bytes!("../../data/places.csv.gz");
pub(crate) const EXCHANGES_GZ: &[u8] = include_bytes!("../../data/exchanges.csv.gz");
pub(crate) const BLOCKS_GZ: &[u8] = include_bytes!("../../data/blocks.csv.gz");
pub(crate) const CARRIERS_GZ: &[u8] = include_bytes!("../../data/carriers.csv.gz");
pub(crate) const NPAS_GZ: &[u8] = include_bytes!("../../data/npas.csv.gz");
pub(crate) const ZIPS_GZ: &[u8] = include_bytes!("../../data/zips.csv.gz");
pub(crate) const LATAS_CSV: &str = include_str!("../../data/latas.csv");

const PLACES_HEADER: &str = "place,country,state,city,rate_center,rc_src,lata,lata_src,lat,lon,tz";
const EXCHANGES_HEADER: &str = "npa,nxx,place,src,place_src,ocn";
const BLOCKS_HEADER: &str = "npa,nxx,ocns";
const CARRIERS_HEADER: &str = "ocn,type,name";
const NPAS_HEADER: &str = "npa,country,state,region,city,kind,tz,overlays,service";
const ZIPS_HEADER: &str = "zip,state,city,lat,lon,prefix_city,prefix_city_km";
const LATAS_HEADER: &str = "lata,name,state,anchor_city,anchor_lat,anchor_lon";

/// Shares one allocation per distinct string (states, cities, zones repeat
/// tens of thousands of times).
#[derive(Default)]
pub(crate) struct Interner {
    map: HashMap<Box<str>, Arc<str>>,
    /// The last string returned per column: rows sorted by NPA-NXX repeat
    /// state, city and time zone in runs, and a compare is cheaper than a hash.
    last: [Option<Arc<str>>; 8],
}

impl Interner {
    /// The shared copy of `s`; `col` (< 8) names the column for the cache.
    pub(crate) fn get(&mut self, col: usize, s: &str) -> Arc<str> {
        if let Some(a) = &self.last[col]
            && **a == *s
        {
            return a.clone();
        }
        let a = match self.map.get(s) {
            Some(a) => a.clone(),
            None => {
                let a: Arc<str> = Arc::from(s);
                self.map.insert(Box::from(s), a.clone());
                a
            }
        };
        self.last[col] = Some(a.clone());
        a
    }

    fn opt(&mut self, col: usize, s: &str) -> Option<Arc<str>> {
        (!s.is_empty()).then(|| self.get(col, s))
    }
}

pub(crate) fn gunzip(name: &str, bytes: &[u8]) -> Result<String, NanpError> {
    // The gzip trailer ends with the uncompressed size (mod 2^32): allocate once.
    let size = bytes.len().checked_sub(4).map_or(0, |at| {
        u32::from_le_bytes(bytes[at..].try_into().expect("4 bytes")) as usize
    });
    let mut text = String::with_capacity(size.min(64 << 20) + 1);
    GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .map_err(|e| NanpError::data(format_args!("{name}: {e}")))?;
    Ok(text)
}

/// Calls `f` with the fields of every data row, after checking the header.
fn for_rows<'t>(
    name: &str,
    text: &'t str,
    header: &str,
    mut f: impl FnMut(&[&'t str]) -> Result<(), String>,
) -> Result<(), NanpError> {
    let (got, body) = text.split_once('\n').unwrap_or((text, ""));
    if got != header {
        return Err(NanpError::data(format_args!(
            "{name}: header is {got:?}, expected {header:?}"
        )));
    }
    let width = header.split(',').count();
    let mut fields: Vec<&str> = Vec::with_capacity(width);
    let mut start = 0;
    let mut line = 1;
    let mut row = |fields: &mut Vec<&'t str>, line: usize| {
        if fields.len() != width {
            return Err(NanpError::data(format_args!(
                "{name} line {line}: {} fields, expected {width}",
                fields.len()
            )));
        }
        let r = f(fields).map_err(|e| NanpError::data(format_args!("{name} line {line}: {e}")));
        fields.clear();
        r
    };
    // Eight bytes at a time: `mask` has 0x80 in each byte that is a comma or
    // a newline (exact SWAR zero-byte test), since this loop dominates parsing.
    let bytes = body.as_bytes();
    let mut chunk_start = 0;
    while chunk_start < bytes.len() {
        let end = (chunk_start + 8).min(bytes.len());
        let mut buf = [0xffu8; 8];
        buf[..end - chunk_start].copy_from_slice(&bytes[chunk_start..end]);
        let x = u64::from_le_bytes(buf);
        let mut mask = zero_bytes(x ^ COMMAS) | zero_bytes(x ^ NEWLINES);
        while mask != 0 {
            let at = chunk_start + (mask.trailing_zeros() / 8) as usize;
            mask &= mask - 1;
            // Commas and newlines are ASCII, so every split point is a char boundary.
            fields.push(&body[start..at]);
            start = at + 1;
            if bytes[at] == b'\n' {
                line += 1;
                row(&mut fields, line)?;
            }
        }
        chunk_start = end;
    }
    if start != body.len() {
        return Err(NanpError::data(format_args!(
            "{name}: last line is not terminated"
        )));
    }
    Ok(())
}

const LO7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const COMMAS: u64 = 0x2c2c_2c2c_2c2c_2c2c;
const NEWLINES: u64 = 0x0a0a_0a0a_0a0a_0a0a;

/// 0x80 in every byte of `x` that is zero, exactly (no false positives).
fn zero_bytes(x: u64) -> u64 {
    !(((x & LO7) + LO7) | x | LO7)
}

fn num<T: FromStr>(what: &str, s: &str) -> Result<T, String> {
    s.parse().map_err(|_| format!("bad {what} {s:?}"))
}

fn opt_num<T: FromStr>(what: &str, s: &str) -> Result<Option<T>, String> {
    if s.is_empty() {
        Ok(None)
    } else {
        num(what, s).map(Some)
    }
}

/// Parses a coordinate. Fast path for the generator's `-?D+.D+` form: the
/// integer of all digits divided by an exact power of ten is correctly
/// rounded, i.e. the same `f64` that `str::parse` returns.
fn coordinate(what: &str, s: &str) -> Result<f64, String> {
    let bytes = s.as_bytes();
    let (neg, digits) = match bytes.first() {
        Some(b'-') => (true, &bytes[1..]),
        _ => (false, bytes),
    };
    let mut n: u64 = 0;
    let mut frac_len: Option<i32> = None;
    let mut ok = !digits.is_empty() && digits.len() <= 12;
    for &b in digits {
        match b {
            b'0'..=b'9' => {
                n = n * 10 + u64::from(b - b'0');
                frac_len = frac_len.map(|f| f + 1);
            }
            b'.' if frac_len.is_none() => frac_len = Some(0),
            _ => ok = false,
        }
    }
    match frac_len {
        Some(f) if ok && f > 0 && digits[0] != b'.' => {
            let v = n as f64 / 10f64.powi(f);
            Ok(if neg { -v } else { v })
        }
        _ => num(what, s),
    }
}

fn location(lat: &str, lon: &str) -> Result<Option<LatLon>, String> {
    if lat.is_empty() || lon.is_empty() {
        return Ok(None);
    }
    Ok(Some(LatLon {
        lat: coordinate("lat", lat)?,
        lon: coordinate("lon", lon)?,
    }))
}

fn source(s: &str) -> Result<Source, String> {
    Source::parse(s).ok_or_else(|| format!("unknown source {s:?}"))
}

/// The per-city columns every exchange of a place shares (the generator
/// normalises them out of `exchanges.csv` to keep the start-up parse short).
struct Place {
    country: Country,
    state: Arc<str>,
    city: Arc<str>,
    rate_center: Arc<str>,
    rate_center_source: Source,
    lata: Option<Lata>,
    lata_source: Option<Source>,
    location: Option<LatLon>,
    time_zone: Option<Arc<str>>,
}

fn places(text: &str, names: &mut Interner) -> Result<Vec<Place>, NanpError> {
    let mut out = Vec::new();
    for_rows("places.csv", text, PLACES_HEADER, |f| {
        if num::<usize>("place", f[0])? != out.len() {
            return Err(format!("place {} out of order", f[0]));
        }
        let lata = if f[6].is_empty() {
            None
        } else {
            Some(Lata::parse(f[6]).map_err(|e| e.to_string())?)
        };
        out.push(Place {
            country: Country::parse(f[1]).ok_or_else(|| format!("bad country {:?}", f[1]))?,
            state: names.get(0, f[2]),
            city: names.get(1, f[3]),
            rate_center: names.get(2, f[4]),
            rate_center_source: source(f[5])?,
            lata,
            lata_source: if lata.is_some() {
                Some(source(f[7])?)
            } else {
                None
            },
            location: location(f[8], f[9])?,
            time_zone: names.opt(3, f[10]),
        });
        Ok(())
    })?;
    Ok(out)
}

/// Parses `places.csv` and `exchanges.csv` into exchange records.
pub(crate) fn exchanges(
    places_text: &str,
    text: &str,
    names: &mut Interner,
) -> Result<Vec<Exchange>, NanpError> {
    let places = places(places_text, names)?;
    let mut out = Vec::with_capacity(text.len() / 24);
    for_rows("exchanges.csv", text, EXCHANGES_HEADER, |f| {
        let npa = Npa::parse(f[0]).map_err(|e| e.to_string())?;
        let nxx = Nxx::parse(f[1]).map_err(|e| e.to_string())?;
        let p = places
            .get(num::<usize>("place", f[2])?)
            .ok_or_else(|| format!("unknown place {}", f[2]))?;
        out.push(Exchange {
            npa_nxx: NpaNxx::from_parts(npa, nxx),
            country: p.country,
            state: p.state.clone(),
            city: p.city.clone(),
            rate_center: p.rate_center.clone(),
            rate_center_source: p.rate_center_source,
            lata: p.lata,
            lata_source: p.lata_source,
            location: p.location,
            time_zone: p.time_zone.clone(),
            source: source(f[3])?,
            place_source: source(f[4])?,
            ocn: opt_ocn(f[5])?,
        });
        Ok(())
    })?;
    Ok(out)
}

fn opt_ocn(s: &str) -> Result<Option<Ocn>, String> {
    if s.is_empty() {
        Ok(None)
    } else {
        Ocn::parse(s).map(Some).map_err(|e| e.to_string())
    }
}

/// The holders of blocks X = 0..9 of a pooled exchange (`None`: not assigned).
pub(crate) type BlockHolders = [Option<Ocn>; 10];

/// Parses `blocks.csv`: the ten thousands-block holders of each pooled
/// exchange (`-`: the block is not assigned).
pub(crate) fn blocks(text: &str) -> Result<Vec<(NpaNxx, BlockHolders)>, NanpError> {
    let mut out = Vec::with_capacity(text.len() / 56);
    for_rows("blocks.csv", text, BLOCKS_HEADER, |f| {
        let npa = Npa::parse(f[0]).map_err(|e| e.to_string())?;
        let nxx = Nxx::parse(f[1]).map_err(|e| e.to_string())?;
        let mut holders = [None; 10];
        let mut n = 0;
        for (slot, tok) in holders.iter_mut().zip(f[2].split(' ')) {
            *slot = if tok == "-" { None } else { opt_ocn(tok)? };
            n += 1;
        }
        if n != 10 || f[2].split(' ').count() != 10 {
            return Err(format!("{:?}: expected 10 block holders", f[2]));
        }
        out.push((NpaNxx::from_parts(npa, nxx), holders));
        Ok(())
    })?;
    Ok(out)
}

/// Parses `carriers.csv` (OCN, NANPA carrier type, name).
pub(crate) fn carriers(text: &str, names: &mut Interner) -> Result<Vec<Carrier>, NanpError> {
    let mut out = Vec::new();
    for_rows("carriers.csv", text, CARRIERS_HEADER, |f| {
        out.push(Carrier {
            ocn: Ocn::parse(f[0]).map_err(|e| e.to_string())?,
            kind: names.get(4, f[1]),
            name: Arc::from(f[2]),
        });
        Ok(())
    })?;
    Ok(out)
}

pub(crate) fn npas(text: &str, names: &mut Interner) -> Result<Vec<NpaInfo>, NanpError> {
    let mut out = Vec::new();
    for_rows("npas.csv", text, NPAS_HEADER, |f| {
        out.push(NpaInfo {
            npa: Npa::parse(f[0]).map_err(|e| e.to_string())?,
            region_code: names.get(4, f[1]),
            state: names.opt(0, f[2]),
            region: names.opt(5, f[3]),
            city: names.opt(1, f[4]),
            kind: NpaKind::parse(f[5]),
            time_zones: f[6]
                .split(' ')
                .filter(|z| !z.is_empty())
                .map(|z| names.get(3, z))
                .collect(),
            overlays: f[7]
                .split(' ')
                .filter(|n| !n.is_empty())
                .map(Npa::parse)
                .collect::<Result<_, _>>()
                .map_err(|e| e.to_string())?,
            service: NpaService::parse(f[8]).ok_or_else(|| format!("bad service {:?}", f[8]))?,
        });
        Ok(())
    })?;
    Ok(out)
}

pub(crate) fn zips(text: &str, names: &mut Interner) -> Result<Vec<ZipInfo>, NanpError> {
    let mut out = Vec::with_capacity(text.len() / 40);
    for_rows("zips.csv", text, ZIPS_HEADER, |f| {
        out.push(ZipInfo {
            zip: ZipCode::parse(f[0]).map_err(|e| e.to_string())?,
            state: names.get(0, f[1]),
            city: names.get(1, f[2]),
            location: location(f[3], f[4])?.ok_or("missing coordinates")?,
            prefix_city: names.opt(6, f[5]),
            prefix_city_km: opt_num("prefix_city_km", f[6])?,
        });
        Ok(())
    })?;
    Ok(out)
}

pub(crate) fn latas(text: &str, names: &mut Interner) -> Result<Vec<LataInfo>, NanpError> {
    let mut out: Vec<LataInfo> = Vec::new();
    for_rows("latas.csv", text, LATAS_HEADER, |f| {
        let lata = Lata::parse(f[0]).map_err(|e| e.to_string())?;
        let anchor = LataAnchor {
            state: names.get(0, f[2]),
            city: names.get(1, f[3]),
            location: location(f[4], f[5])?.ok_or("missing coordinates")?,
        };
        match out.last_mut() {
            Some(last) if last.lata == lata => last.anchors.push(anchor),
            _ => out.push(LataInfo {
                lata,
                name: names.get(7, f[1]),
                anchors: vec![anchor],
            }),
        }
        Ok(())
    })?;
    Ok(out)
}
