using System.Globalization;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace DataLogger.Alerts.Channels;

/// <summary>
/// <c>smtp://USER@HOST:PORT?to=ADDRESS</c>: an e-mail through MailKit. The port says the security: 465 is TLS from the
/// start, 587 requires STARTTLS, any other uses STARTTLS when the server offers it. The password comes from the
/// environment (<c>DATALOGGER_SMTP_PASSWORD</c>), never from the settings file.
/// </summary>
public sealed class SmtpChannel(string host, int port, string? user, string? password, MailboxAddress to, MailboxAddress from) : Channel
{
    /// <inheritdoc />
    public override string Name { get; } = string.Create(CultureInfo.InvariantCulture, $"e-mail to {to.Address} via {host}:{port}");

    /// <summary>The security the port asks for.</summary>
    public SecureSocketOptions Security => port switch
    {
        465 => SecureSocketOptions.SslOnConnect,
        587 => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };

    /// <inheritdoc />
    public override async Task<Delivery> SendAsync(AlertNotice notice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        using var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(to);
        message.Subject = notice.Subject;
        message.Body = new TextPart("plain")
        {
            Text = $"{notice.Message}\n\n{notice.Title} ({notice.Series}), {notice.Kind}, {notice.State}, at {notice.At:yyyy-MM-dd HH:mm:ss zzz}.\n-- \nDataLogger\n",
        };
        using var client = new SmtpClient { Timeout = 20_000 };
        try
        {
            await client.ConnectAsync(host, port, Security, cancellationToken).ConfigureAwait(false);
            if (user is { Length: > 0 } && password is { Length: > 0 })
            {
                await client.AuthenticateAsync(user, password, cancellationToken).ConfigureAwait(false);
            }

            await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
            return Delivery.Delivered;
        }
        catch (AuthenticationException e)
        {
            return Delivery.Refused($"{Name}: the server refused the login of '{user}' ({e.Message}): check the user and DATALOGGER_SMTP_PASSWORD");
        }
        catch (SslHandshakeException e)
        {
            return Delivery.Refused($"{Name}: the TLS handshake failed ({e.Message}): check the port (465 TLS, 587 STARTTLS)");
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            return Delivery.Refused($"{Name}: the server refused it: {(int)e.StatusCode} {e.Message}");
        }
        catch (SmtpCommandException e)
        {
            return Delivery.Retry($"{Name}: the server deferred it: {(int)e.StatusCode} {e.Message}");
        }
        catch (Exception e) when (e is SocketException or IOException or TimeoutException or SmtpProtocolException or ServiceNotConnectedException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return Delivery.Retry($"{Name} is unreachable: {e.Message}");
        }
    }
}
