using System.Text.Json;
using System.Text.Json.Serialization;
using Atrium.Platform.Jobs.Admin;
using Atrium.Platform.Jobs.Api;

namespace Atrium.Platform.Jobs;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(JobEnvelope))]
[JsonSerializable(typeof(JobsOverviewEnvelope))]
public sealed partial class JobsJsonContext : JsonSerializerContext;
