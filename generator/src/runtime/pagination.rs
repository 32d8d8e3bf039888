//! Limit/offset pagination as a stream of items.

use super::*;

/// A page fetcher for [`paginate`]: called with `(offset, limit)`.
type FetchPage<'a, T, E> =
    Box<dyn FnMut(i64, i64) -> BoxFuture<'a, Result<Response<Vec<T>>, Error<E>>> + Send + 'a>;

struct Pages<'a, T, E> {
    fetch: FetchPage<'a, T, E>,
    limit: i64,
    offset: i64,
    items: ::std::vec::IntoIter<T>,
    done: bool,
}

/// Streams the items of a limit/offset list, fetching pages as needed.
///
/// `fetch(offset, limit)` gets one page. The stream ends after a short or empty
/// page, when `X-Total-Count` says every item was read, or after an error (which
/// it yields).
pub fn paginate<'a, T, E>(
    limit: i64,
    start_offset: i64,
    fetch: impl FnMut(i64, i64) -> BoxFuture<'a, Result<Response<Vec<T>>, Error<E>>> + Send + 'a,
) -> BoxStream<'a, Result<T, Error<E>>>
where
    T: Send + 'a,
    E: Send + 'a,
{
    let pages = Pages {
        fetch: Box::new(fetch),
        limit,
        offset: start_offset,
        items: Vec::new().into_iter(),
        done: false,
    };
    Box::pin(::futures_util::stream::unfold(
        pages,
        |mut pages| async move {
            loop {
                if let Some(item) = pages.items.next() {
                    return Some((Ok(item), pages));
                }
                if pages.done {
                    return None;
                }
                match (pages.fetch)(pages.offset, pages.limit).await {
                    Ok(response) => {
                        let total = response.total_count();
                        let page = response.body;
                        let count = i64::try_from(page.len()).unwrap_or(i64::MAX);
                        pages.offset = pages.offset.saturating_add(count);
                        let all_read = total.is_some_and(|total| {
                            u64::try_from(pages.offset).is_ok_and(|offset| offset >= total)
                        });
                        if count == 0 || count < pages.limit || all_read {
                            pages.done = true;
                        }
                        pages.items = page.into_iter();
                    }
                    Err(error) => {
                        pages.done = true;
                        return Some((Err(error), pages));
                    }
                }
            }
        },
    ))
}
