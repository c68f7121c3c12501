using System.ComponentModel.DataAnnotations;

namespace Atrium.Platform.Realtime;

/// <summary>The WebSocket hubs (<c>Atrium:Realtime</c>).</summary>
public sealed class RealtimeOptions
{
    public const string SectionName = "Atrium:Realtime";

    /// <summary>
    /// Prefix of the Redis pub/sub channels the backplane uses (when <c>ConnectionStrings:Redis</c> is set).
    /// Instances that should reach each other's clients share it; pub/sub ignores the database number,
    /// so two deployments on one Redis need different prefixes.
    /// </summary>
    [Required, MaxLength(100)]
    public string RedisChannelPrefix { get; set; } = "atrium";

    /// <summary>How often the server pings an idle connection (clients time out after twice this).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often open connections' sign-ins are checked again: a revoked token or ended session loses
    /// its connections within this long (a WebSocket is authenticated only at its handshake).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RevalidateInterval { get; set; } = TimeSpan.FromSeconds(30);
}
