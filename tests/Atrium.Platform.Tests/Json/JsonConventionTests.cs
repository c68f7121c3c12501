using System.Text.Json;
using Atrium.Platform.Accounts;
using Atrium.Platform.Json;

namespace Atrium.Platform.Tests.Json;

public sealed class JsonConventionTests
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new UtcDateTimeJsonConverter() } };

    [Fact]
    public void Timestamps_are_utc_with_milliseconds()
    {
        var value = new DateTime(2026, 1, 2, 3, 4, 5, 600, DateTimeKind.Unspecified);
        Assert.Equal("\"2026-01-02T03:04:05.600Z\"", JsonSerializer.Serialize(value, Options));
    }

    [Theory]
    [InlineData("{}", false, null)]
    [InlineData("{\"email\":null}", true, null)]
    [InlineData("{\"email\":\"a@b.c\"}", true, "a@b.c")]
    public void Optional_fields_tell_absent_from_null(string json, bool present, string? value)
    {
        var fields = JsonSerializer.Deserialize<UpdateUserFields>(json, Options)!;
        Assert.Equal(present, fields.Email.IsPresent);
        Assert.Equal(value, fields.Email.Value);
        Assert.False(fields.Bio.IsPresent);
    }
}
