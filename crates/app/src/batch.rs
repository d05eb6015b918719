//! Group commit for submissions. With `synchronous=FULL` every commit waits for the disk
//! (about 3–4 ms for an fsync on the machines we measured), so one item per transaction caps
//! a server near 250–400 submissions a second however many cores it has. Instead, items
//! waiting to be written are taken together by one writer task: each runs in its own
//! savepoint (so one refused item changes nothing and does not affect the others), all are
//! committed with one fsync, and each caller is answered only after that commit — an
//! acknowledged item is on disk.

use tokio::sync::{mpsc, oneshot};
use yijian_core::ids::*;
use yijian_store::Store;

use crate::responses::{add_item_in, NewItem};
use crate::{App, AppError, Ctx, Result};

/// At most this many items share a transaction (bounds the latency of the last of them).
const MAX_BATCH: usize = 256;

pub(crate) struct Job {
    ctx: Ctx,
    consultation: ConsultationId,
    new: NewItem,
    reply: oneshot::Sender<Result<ItemId>>,
}

pub(crate) type Queue = mpsc::UnboundedSender<Job>;

impl App {
    /// Add an item to the caller's response in a consultation (creating the response as a
    /// draft). After submission, adding is an amendment, allowed until the close. Answered
    /// once the item is committed (group commit, see this module).
    pub async fn add_item(
        &self,
        ctx: &Ctx,
        consultation: ConsultationId,
        new: &NewItem,
    ) -> Result<ItemId> {
        let (reply, answer) = oneshot::channel();
        let job = Job {
            ctx: *ctx,
            consultation,
            new: new.clone(),
            reply,
        };
        if self.queue().send(job).is_err() {
            return Err(stopped());
        }
        answer.await.map_err(|_| stopped())?
    }

    fn queue(&self) -> &Queue {
        self.writer.get_or_init(|| {
            let (queue, jobs) = mpsc::unbounded_channel();
            tokio::spawn(write_loop(self.store.clone(), jobs));
            queue
        })
    }
}

fn stopped() -> AppError {
    AppError::Input("the server is stopping: the item was not saved, send it again".into())
}

async fn write_loop(store: Store, mut jobs: mpsc::UnboundedReceiver<Job>) {
    while let Some(first) = jobs.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        write_batch(&store, batch).await;
    }
}

async fn write_batch(store: &Store, batch: Vec<Job>) {
    let mut tx = match store.begin().await {
        Ok(tx) => tx,
        Err(e) => {
            let message = format!("the database refused the write: {e}");
            for job in batch {
                let _ = job.reply.send(Err(AppError::Input(message.clone())));
            }
            return;
        }
    };
    let mut written = Vec::with_capacity(batch.len());
    for job in batch {
        let outcome = match tx.savepoint().await {
            Ok(()) => add_item_in(&mut tx, &job.ctx, job.consultation, &job.new).await,
            Err(e) => Err(e.into()),
        };
        match outcome {
            Ok(id) => match tx.release_savepoint().await {
                Ok(()) => written.push((job.reply, id)),
                Err(e) => {
                    let _ = job.reply.send(Err(e.into()));
                }
            },
            Err(e) => {
                let _ = tx.rollback_to_savepoint().await;
                let _ = job.reply.send(Err(e));
            }
        }
    }
    match tx.commit().await {
        Ok(()) => {
            for (reply, id) in written {
                let _ = reply.send(Ok(id));
            }
        }
        Err(e) => {
            let message = format!("the items were not saved: {e}");
            for (reply, _) in written {
                let _ = reply.send(Err(AppError::Input(message.clone())));
            }
        }
    }
}
