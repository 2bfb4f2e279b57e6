namespace SafeCommunity.Iot.Core.Access;

/// <summary>What a token's holder is to the gateway; it decides what the token may see and do.</summary>
public enum AccessRole
{
    /// <summary>The bureau's administrator: everything (<c>admin</c>).</summary>
    Admin = 1,

    /// <summary>A police room: the alarms, devices, receivers and locations of its communities (<c>post</c>).</summary>
    Post = 2,

    /// <summary>A family: its household's wristbands (<c>family</c>).</summary>
    Family = 3,

    /// <summary>A bike owner: its own bikes (<c>owner</c>).</summary>
    Owner = 4,
}
