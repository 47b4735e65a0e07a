//! Authorizers: the event a Lambda authorizer receives ([`AuthRequest`]), the
//! policy a built-in authorizer returns ([`AuthResponse`], [`AuthRoute`]), and
//! the externally managed authorizers a route can name ([`IAMAuthorizer`],
//! [`CognitoUserPoolAuthorizer`], [`CustomAuthorizer`]).
//!
//! ```
//! use chalice_events::authorizer::{AuthRequest, AuthResponse, AuthRoute};
//!
//! let request = AuthRequest::new(
//!     "TOKEN",
//!     "allow",
//!     "arn:aws:execute-api:us-west-2:123:api-id/dev/GET/items/1",
//! );
//! let response = AuthResponse::new(["/items/*"], "user-1")
//!     .route(AuthRoute::new("/secure", ["GET", "POST"]));
//! let policy = response.to_dict(&request);
//! assert_eq!(
//!     policy["policyDocument"]["Statement"][0]["Resource"],
//!     serde_json::json!([
//!         "arn:aws:execute-api:us-west-2:123:api-id/dev/*/items/*",
//!         "arn:aws:execute-api:us-west-2:123:api-id/dev/GET/secure",
//!         "arn:aws:execute-api:us-west-2:123:api-id/dev/POST/secure",
//!     ])
//! );
//! ```
//!
//! # What is refused
//!
//! An [`AuthRequest`] is refused only without what the policy is built
//! from: `methodArn` (or, in HTTP API payload 2.0, `routeArn`) as a string,
//! and `type` as a string unless the event carries a `routeArn` instead of
//! a `methodArn`. Everything else is accepted, kept as it came, and read by
//! its accessor:
//!
//! | the event has | the accessor gives |
//! |---|---|
//! | no `authorizationToken` (REQUEST events), `null`, or not a string | [`token`](AuthRequest::token): `None` |
//! | no `version` (REST APIs), or not a string | [`version`](AuthRequest::version): `None` |
//! | `headers` that is not an object | [`headers`](AuthRequest::headers), [`header`](AuthRequest::header): `None` |
//! | a header value that is not a string | [`header`](AuthRequest::header): `None`; [`headers`](AuthRequest::headers) holds it as it came |
//! | `queryStringParameters`, `pathParameters`, `stageVariables` or `requestContext` that is not an object | their accessors: `None` |
//! | values of those objects of any type; `multiValueHeaders`, `identitySource`, `cookies` of any shape | the objects as they came |

use serde_json::{json, Map, Value};

use crate::drift::{Known, STRINGS};
use crate::event::raw_event;
use crate::raw::{self, Cx, Fields, Raw, Scanner, Stop};
use crate::{Error, LambdaContext};

mod external;
mod policy;
mod request;
#[cfg(test)]
mod tests;

pub use external::{CognitoUserPoolAuthorizer, CustomAuthorizer, IAMAuthorizer};
pub use policy::{AuthResponse, AuthRoute, AuthRouteSpec};
pub use request::{AuthRequest, AuthRequestBuilder};
