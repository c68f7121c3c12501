using System.Text.Json;
using System.Text.Json.Serialization;
using Atrium.Weather.ApiKeys;
using Atrium.Weather.Caching;
using Atrium.Weather.History;
using Atrium.Weather.Places;

namespace Atrium.Weather;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(OpenMeteoErrorBody))]
[JsonSerializable(typeof(CachedAnswer))]
[JsonSerializable(typeof(CityWeatherEnvelope))]
[JsonSerializable(typeof(WeatherHistoryEnvelope))]
[JsonSerializable(typeof(PopularPlacesEnvelope))]
[JsonSerializable(typeof(CreateApiKeyRequest))]
[JsonSerializable(typeof(CreatedApiKeyEnvelope))]
[JsonSerializable(typeof(ApiKeysEnvelope))]
internal sealed partial class WeatherJsonContext : JsonSerializerContext;
