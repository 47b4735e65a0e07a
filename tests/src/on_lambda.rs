//! An invocation as `chalice_app::run` serves it on Lambda, short of the
//! Runtime API's HTTP: the benches time this path.

use std::task::{Context, Poll};

use chalice_app::{BodyHandover, BodyHandoverService, Error, LambdaService, Reply};
use lambda_runtime::tower::Layer;
use lambda_runtime::{LambdaEvent, LambdaInvocation, Service};
use serde_json::value::RawValue;

/// The service stack `run` builds over a [`LambdaService`]: [`BodyHandover`],
/// then what `lambda_runtime` does before calling the service (the body read
/// into the payload type, here the placeholder the layer left).
#[derive(Debug)]
pub struct OnLambda {
    service: BodyHandoverService<ReadPayload>,
}

impl OnLambda {
    /// The stack over `service`.
    pub fn new(service: LambdaService) -> Self {
        OnLambda {
            service: BodyHandover.layer(ReadPayload(service)),
        }
    }

    /// Answers the invocation whose body is `body`, given to the stack as
    /// the Runtime API client gives it to `lambda_runtime` (a copy of the
    /// bytes read off the connection).
    pub async fn call(
        &mut self,
        body: &[u8],
        context: lambda_runtime::Context,
    ) -> Result<Reply, Error> {
        let invocation = LambdaInvocation {
            parts: http::Response::new(()).into_parts().0,
            body: bytes::Bytes::copy_from_slice(body),
            context,
        };
        self.service.call(invocation).await
    }
}

/// `lambda_runtime`'s step between the layers and the service: the body
/// read into the service's payload type with serde_json, and the service
/// called inside the same `call`.
#[derive(Debug)]
pub struct ReadPayload(LambdaService);

impl Service<LambdaInvocation> for ReadPayload {
    type Response = Reply;
    type Error = Error;
    type Future = <LambdaService as Service<LambdaEvent<Box<RawValue>>>>::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, invocation: LambdaInvocation) -> Self::Future {
        let payload = serde_json::from_slice::<Box<RawValue>>(&invocation.body);
        match payload {
            Ok(payload) => self.0.call(LambdaEvent::new(payload, invocation.context)),
            Err(e) => Box::pin(std::future::ready(Err(Error::msg(format!(
                "lambda_runtime would refuse this body: {e}"
            ))))),
        }
    }
}
