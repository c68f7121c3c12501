using System.Text.Json;
using System.Text.Json.Serialization;
using Atrium.Images.Images;

namespace Atrium.Images;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ImageEnvelope))]
internal sealed partial class ImagesJsonContext : JsonSerializerContext;
