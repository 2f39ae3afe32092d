namespace KefuHub.Server.Storage;

public enum MessageSender
{
    Visitor = 0,
    Agent = 1,
    System = 2,
    Robot = 3,
}
