using System.Net;
using System.Text.Json.Nodes;
using Atrium.Testing;

namespace Atrium.Weather.Tests;

public static class WeatherApi
{
    public static async Task<(HttpResponseMessage Response, JsonNode Json)> GetJsonAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        return (response, JsonNode.Parse(body) ?? throw new InvalidOperationException($"Empty body from {url}"));
    }

    /// <summary>Asserts Open-Meteo's error shape, <c>{"error":true,"reason":"…"}</c>, and returns the reason.</summary>
    public static async Task<string> OpenMeteoErrorAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var json = await response.JsonAsync(expected);
        Assert.True((bool)json["error"]!, json.ToJsonString());
        var reason = (string?)json["reason"];
        Assert.False(string.IsNullOrWhiteSpace(reason));
        Assert.Null(json["errors"]);
        return reason!;
    }

    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    /// <summary>Coordinates no other test uses, so cache entries and call counts are the test's own.</summary>
    public static (string Latitude, string Longitude) UniquePlace()
    {
        int n;
        do
        {
            n = Interlocked.Increment(ref _next);
        }
        while (n % 10 == 0); // a trailing zero would be normalised away ("10.50" is asked upstream as "10.5")
        return ($"{10 + (n / 100)}.{n % 100:00}", $"{20 + (n / 100)}.{n % 100:00}");
    }

    private static int _next = Random.Shared.Next(0, 5000);

    /// <summary>Polls until <paramref name="condition"/> holds (30 s at most).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(50);
        }
    }
}
