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

use serde_json::{json, Map, Value};

use serde::de::MapAccess;

use crate::drift::{Known, STRINGS};
use crate::event::raw_event;
use crate::raw::{self, AnyFields, Cx, Fields, Raw, StrListValues, StrValues};
use crate::{Error, LambdaContext};

mod external;
mod policy;
mod request;
#[cfg(test)]
mod tests;

pub use external::{CognitoUserPoolAuthorizer, CustomAuthorizer, IAMAuthorizer};
pub use policy::{AuthResponse, AuthRoute, AuthRouteSpec};
pub use request::{AuthRequest, AuthRequestBuilder};
