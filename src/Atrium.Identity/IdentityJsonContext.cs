using System.Text.Json.Serialization;
using Atrium.Identity.Connect;

namespace Atrium.Identity;

[JsonSerializable(typeof(UserInfoResponse))]
internal sealed partial class IdentityJsonContext : JsonSerializerContext;
