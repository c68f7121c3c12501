using System.Text.Json;
using System.Text.Json.Serialization;
using Atrium.Platform.Accounts.ExternalSignIn;
using Atrium.Platform.Accounts.WebSessions;

namespace Atrium.Platform.Json;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(UserEnvelope))]
[JsonSerializable(typeof(RegisterUserRequest))]
[JsonSerializable(typeof(LoginUserRequest))]
[JsonSerializable(typeof(UpdateUserRequest))]
[JsonSerializable(typeof(RefreshTokenRequest))]
[JsonSerializable(typeof(PasswordResetRequest))]
[JsonSerializable(typeof(PasswordResetConfirmRequest))]
[JsonSerializable(typeof(PasswordResetMailArgs))]
[JsonSerializable(typeof(WebSignUpRequest))]
[JsonSerializable(typeof(WebSignInRequest))]
[JsonSerializable(typeof(WebSessionResponse))]
[JsonSerializable(typeof(ExternalProvidersResponse))]
[JsonSerializable(typeof(ExternalLoginsResponse))]
[JsonSerializable(typeof(string[]))]
public sealed partial class PlatformJsonContext : JsonSerializerContext;
