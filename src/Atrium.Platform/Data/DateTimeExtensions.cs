namespace Atrium.Platform.Data;

public static class DateTimeExtensions
{
    /// <summary>Stored timestamps keep milliseconds only, so what the API returns is exactly what the database holds.</summary>
    public static DateTime TruncateToMilliseconds(this DateTime value) =>
        new(value.Ticks - (value.Ticks % TimeSpan.TicksPerMillisecond), value.Kind);
}
