using System.Text.Json.Serialization;
using Atrium.Identity.Connect;

namespace Atrium.Identity;

[JsonSerializable(typeof(UserInfoResponse))]
[JsonSerializable(typeof(OAuthErrorBody))]
internal sealed partial class IdentityJsonContext : JsonSerializerContext;
