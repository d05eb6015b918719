//! Reading columns from `AnyRow`s into domain types, with a clear error for bad stored values.

use sqlx::any::AnyRow;
use sqlx::Row;
use yijian_core::model::Code;
use yijian_core::time::{Date, Instant};

use crate::{Result, StoreError};

pub fn int(row: &AnyRow, col: &str) -> Result<i64> {
    Ok(row.try_get::<i64, _>(col)?)
}

pub fn opt_int(row: &AnyRow, col: &str) -> Result<Option<i64>> {
    Ok(row.try_get::<Option<i64>, _>(col)?)
}

pub fn text(row: &AnyRow, col: &str) -> Result<String> {
    Ok(row.try_get::<String, _>(col)?)
}

pub fn opt_text(row: &AnyRow, col: &str) -> Result<Option<String>> {
    Ok(row.try_get::<Option<String>, _>(col)?)
}

pub fn code<C: Code>(row: &AnyRow, col: &str) -> Result<C> {
    let value = text(row, col)?;
    C::parse(&value).map_err(|e| StoreError::Corrupt(format!("column {col}: {e}")))
}

pub fn opt_code<C: Code>(row: &AnyRow, col: &str) -> Result<Option<C>> {
    opt_text(row, col)?
        .map(|v| C::parse(&v).map_err(|e| StoreError::Corrupt(format!("column {col}: {e}"))))
        .transpose()
}

pub fn instant(row: &AnyRow, col: &str) -> Result<Instant> {
    Ok(Instant(int(row, col)?))
}

pub fn opt_instant(row: &AnyRow, col: &str) -> Result<Option<Instant>> {
    Ok(opt_int(row, col)?.map(Instant))
}

pub fn date(row: &AnyRow, col: &str) -> Result<Date> {
    let value = text(row, col)?;
    Date::parse(&value).map_err(|e| StoreError::Corrupt(format!("column {col}: {e}")))
}

pub fn opt_date(row: &AnyRow, col: &str) -> Result<Option<Date>> {
    opt_text(row, col)?
        .map(|v| Date::parse(&v).map_err(|e| StoreError::Corrupt(format!("column {col}: {e}"))))
        .transpose()
}
