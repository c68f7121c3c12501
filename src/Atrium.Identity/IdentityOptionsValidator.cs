using Atrium.Identity.Keys;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Atrium.Identity;

/// <summary>Keys are required outside Development and Testing, and every configured one must read as an RSA key.</summary>
internal sealed class IdentityOptionsValidator(IHostEnvironment environment) : IValidateOptions<IdentityOptions>
{
    public ValidateOptionsResult Validate(string? name, IdentityOptions options)
    {
        var failures = new List<string>();
        if (!IdentityKeys.IsLocal(environment))
        {
            if (options.SigningKeys.Count == 0)
            {
                failures.Add($"{IdentityOptions.SectionName}:SigningKeys is required outside Development (set Atrium__Identity__SigningKeys__0 to an RSA private key: PEM, a PEM/PFX file path, or base64 DER).");
            }

            if (options.EncryptionKeys.Count == 0)
            {
                failures.Add($"{IdentityOptions.SectionName}:EncryptionKeys is required outside Development (set Atrium__Identity__EncryptionKeys__0 to base64 of {IdentityKeys.SymmetricKeyBytes} random bytes, or an RSA key like the signing key).");
            }
        }

        failures.AddRange(options.SigningKeys.Select(k => IdentityKeys.Check(k, options.PfxPassword)).OfType<string>()
            .Select(reason => $"{IdentityOptions.SectionName}:SigningKeys holds a key that does not read: {reason}"));
        failures.AddRange(options.EncryptionKeys.Select(k => IdentityKeys.CheckEncryption(k, options.PfxPassword)).OfType<string>()
            .Select(reason => $"{IdentityOptions.SectionName}:EncryptionKeys holds a key that does not read: {reason}"));

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
