using System.Text.Json;
using System.Text.Json.Serialization;
using Atrium.Platform.Accounts;
using Atrium.Platform.Errors;

namespace Atrium.Platform.Json;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(UserEnvelope))]
[JsonSerializable(typeof(RegisterUserRequest))]
[JsonSerializable(typeof(LoginUserRequest))]
[JsonSerializable(typeof(UpdateUserRequest))]
[JsonSerializable(typeof(string[]))]
public sealed partial class PlatformJsonContext : JsonSerializerContext;
