//! `yijian outbox [--deliver]`: the messages waiting in (or sent from) the outbox — the
//! verification codes of public commenters — and, with `--deliver`, a delivery round
//! through the development sender, which writes each message to standard error. (`serve`
//! delivers the same way every few seconds.) The listing leaves the bodies out: they hold
//! the codes.

use clap::Args;
use serde_json::json;
use yijian_app::LogSender;

use crate::record::{run, Global, Out};

#[derive(Args)]
pub struct OutboxArgs {
    /// First send the due messages through the log sender (standard error).
    #[arg(long)]
    deliver: bool,
    /// How many of the newest messages to list.
    #[arg(long, default_value_t = 20)]
    limit: i64,
}

pub fn outbox(args: OutboxArgs, g: &Global) -> anyhow::Result<()> {
    run(g, async |s| {
        let now = yijian_core::time::Instant(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis() as i64)
                .unwrap_or(0),
        );
        let delivered = if args.deliver {
            Some(
                s.app
                    .deliver_outbox(&LogSender::stderr(), 1_000, now)
                    .await?,
            )
        } else {
            None
        };
        let messages = s.app.outbox(args.limit).await?;
        let mut text = String::new();
        if let Some(d) = delivered {
            text.push_str(&format!(
                "delivered: {} sent, {} failed\n",
                d.sent, d.failed
            ));
        }
        for m in &messages {
            let state = match (m.sent_at, &m.last_error) {
                (Some(at), _) => format!("sent {at}"),
                (None, Some(e)) => format!("pending after {} attempts: {e}", m.attempts),
                (None, None) => "pending".to_string(),
            };
            text.push_str(&format!(
                "{} {} {} — {} — {}\n",
                m.id, m.channel, m.address, m.subject, state
            ));
        }
        let json = json!({
            "delivered": delivered,
            "messages": messages.iter().map(|m| json!({
                "id": m.id, "channel": m.channel, "address": m.address, "subject": m.subject,
                "created_at": m.created_at, "sent_at": m.sent_at, "attempts": m.attempts,
                "last_error": m.last_error,
            })).collect::<Vec<_>>(),
        });
        Ok(Out::new(json, text.trim_end().to_string()))
    })
}
