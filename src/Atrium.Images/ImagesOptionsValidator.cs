using Atrium.Images.Transforms;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Atrium.Images;

/// <summary>What data annotations can't say: keys outside Development, presets that parse, a usable storage.</summary>
internal sealed class ImagesOptionsValidator(IHostEnvironment environment) : IValidateOptions<ImagesOptions>
{
    public ValidateOptionsResult Validate(string? name, ImagesOptions options)
    {
        var failures = new List<string>();
        if (options.SigningKeys.Count == 0 && !environment.IsDevelopment())
        {
            failures.Add($"{ImagesOptions.SectionName}:SigningKeys is required outside Development (set Atrium__Images__SigningKeys__0 to a base64 key of at least {UrlSigner.MinimumKeyBytes} bytes).");
        }

        failures.AddRange(options.SigningKeys.Where(k => !UrlSigner.TryDecode(k, out _))
            .Select(_ => $"{ImagesOptions.SectionName}:SigningKeys holds a key that is not base64 of at least {UrlSigner.MinimumKeyBytes} bytes."));

        foreach (var (preset, text) in options.Presets)
        {
            if (!PresetName.IsValid(preset))
            {
                failures.Add($"Preset name '{preset}' must be 1-40 letters, digits, '-' or '_'.");
            }
            else if (TransformOptionsParser.Parse(text, options, presets: null) is { Error: { } error })
            {
                failures.Add($"Preset '{preset}': {error}");
            }
        }

        failures.AddRange(options.EagerPresets.Where(p => !options.Presets.ContainsKey(p)).Select(p => $"Eager preset '{p}' is not defined."));
        if (!options.Presets.ContainsKey(options.AvatarPreset))
        {
            failures.Add($"Avatar preset '{options.AvatarPreset}' is not defined.");
        }

        if (OutputFormat.FromExtension(options.AvatarFormat) is null || OutputFormat.FromExtension(options.EagerFormat) is null)
        {
            failures.Add("AvatarFormat and EagerFormat must be one of jpg, png, webp, avif.");
        }

        if (options.OperationTimeout <= TimeSpan.Zero)
        {
            failures.Add("OperationTimeout must be positive.");
        }

        switch (options.Storage.Provider)
        {
            case "Local":
                break;
            case "S3" when string.IsNullOrWhiteSpace(options.Storage.Bucket) || string.IsNullOrWhiteSpace(options.Storage.ServiceUrl):
                failures.Add("S3 storage needs Storage:ServiceUrl and Storage:Bucket.");
                break;
            case "S3":
                break;
            default:
                failures.Add("Storage:Provider must be Local or S3.");
                break;
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
