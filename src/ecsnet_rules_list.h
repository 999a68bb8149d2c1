/*
** ecsnet_rules_list.h: the validator's rules, one ECSNET_RULE(id, checklist,
** name, title, severity, section, link, help) each, in ID order. Included
** (no guard) where ECSNET_RULE is defined: ecsnet_rules.c builds the
** catalog from it, ecsnet_internal.h the enum of rule IDs (ECSNET_RULE_ECS001
** ...), so that a diagnostic names its rule by a constant the compiler
** checks. Severities are E, W, I and links use the URL macros of
** ecsnet_rules.c.
**
** Every rule repeats a sourced fact of docs/reference.md: the
** checklist number (R1-R23 of §6) and the section are part of each entry.
** IDs are stable: a rule is never renumbered; a retired rule keeps its ID.
*/
ECSNET_RULE(ECS001, "R1", "network-mode-value",
    "networkMode is one of bridge, host, awsvpc, none, or absent", E,
    "docs/reference.md §1.1", APIRT,
    "Set networkMode to bridge, host, awsvpc or none (lower case), or leave "
    "it out for the default mode (bridge on Linux, nat on Windows).")
ECSNET_RULE(ECS002, "R2", "effective-mode",
    "an absent networkMode means bridge (Linux) or default/nat (Windows)", I,
    "docs/reference.md §1.1, §1.2", DOC "developerguide/task-networking.html",
    "Informational: the task runs in the default mode. Name the mode "
    "explicitly to make the intent clear, and so that Fargate and Managed "
    "Instances accept the definition.")
ECSNET_RULE(ECS003, "R3", "fargate-requires-awsvpc",
    "FARGATE in requiresCompatibilities needs networkMode awsvpc", E,
    "docs/reference.md §1.2, §1.5, §5.6", DOC "developerguide/AWS_Fargate.html",
    "Set networkMode to awsvpc, or remove FARGATE from "
    "requiresCompatibilities.")
ECSNET_RULE(ECS004, "R4", "external-mode",
    "EXTERNAL (ECS Anywhere) needs bridge, host or none on Linux and the "
    "default mode on Windows; never awsvpc", E,
    "docs/reference.md §1.2, §5.4", DOC "developerguide/ecs-anywhere.html",
    "On ECS Anywhere use bridge, host or none for Linux tasks, and leave "
    "networkMode out for Windows tasks.")
ECSNET_RULE(ECS005, "R5", "managed-instances-mode",
    "MANAGED_INSTANCES needs networkMode awsvpc or host, given explicitly", E,
    "docs/reference.md §1.2, §5.7", DOC "developerguide/managed-instance-networking.html",
    "Set networkMode to awsvpc or host for Managed Instances.")
ECSNET_RULE(ECS006, "R6", "windows-mode",
    "Windows tasks use the default (nat) mode or awsvpc", E,
    "docs/reference.md §1.2, §5.5", DOC "developerguide/windows_task_definitions.html",
    "For a Windows task leave networkMode out (default, nat) or set awsvpc.")
ECSNET_RULE(ECS007, "R7", "none-no-port-mappings",
    "networkMode none allows no port mappings", E,
    "docs/reference.md §1.3, §6.1", APICD,
    "Remove the portMappings, or choose a network mode that has a network "
    "(bridge, host or awsvpc).")
ECSNET_RULE(ECS008, "R8", "host-port-must-match",
    "in awsvpc and host mode a hostPort is absent or equal to containerPort",
    E, "docs/reference.md §1.3, §1.5", APIPM,
    "Leave hostPort out (ECS then uses the containerPort) or set it equal to "
    "containerPort. To remap ports, use bridge mode.")
ECSNET_RULE(ECS009, "R9", "links-bridge-only",
    "links work only in bridge mode (not Windows, not Fargate)", E,
    "docs/reference.md §1.3, §1.5", APICD,
    "Remove links. In awsvpc mode containers of a task reach each other on "
    "localhost; in bridge mode use links or service discovery.")
ECSNET_RULE(ECS010, "R10", "hostname-awsvpc",
    "hostname is not allowed in awsvpc mode", E,
    "docs/reference.md §1.3, §1.5", APICD,
    "Remove hostname from the container: in awsvpc mode the task's ENI "
    "determines the host name.")
ECSNET_RULE(ECS011, "R11", "extra-hosts",
    "extraHosts is not allowed with awsvpc, on Windows or on Fargate", E,
    "docs/reference.md §1.3, §1.5", APICD,
    "Remove extraHosts; resolve names through DNS (Route 53, Cloud Map) "
    "instead.")
ECSNET_RULE(ECS012, "R12", "container-port",
    "each port mapping has exactly one of containerPort (1-65535) and "
    "containerPortRange", E,
    "docs/reference.md §1.5, §2.1, §6.1", APIPM,
    "Give each port mapping a containerPort between 1 and 65535, or a "
    "containerPortRange, but not both.")
ECSNET_RULE(ECS013, "R13", "container-port-range",
    "containerPortRange: format first-last, 1 <= first < last <= 65535, no "
    "hostPort, bridge or awsvpc only, at most 100 per container", E,
    "docs/reference.md §2.2", APIPM,
    "Write containerPortRange as \"first-last\" with first < last, leave "
    "hostPort out, use bridge or awsvpc mode, and keep at most 100 ranges "
    "per container.")
ECSNET_RULE(ECS014, "R14", "protocol-value",
    "protocol is tcp or udp", E, "docs/reference.md §2.1", APIPM,
    "Set protocol to tcp or udp (lower case), or leave it out for tcp. "
    "Application protocols (http, grpc) go in appProtocol.")
ECSNET_RULE(ECS015, "R14", "duplicate-port",
    "a container port (per protocol) is mapped once per container, and a "
    "static host port (per protocol) once per task", E,
    "docs/reference.md §2.1, §2.2, §6.1", APIPM,
    "Remove the duplicate mapping, or give it another port. tcp and udp on "
    "the same port are two different mappings and are allowed.")
ECSNET_RULE(ECS016, "R15", "port-name",
    "port name: at most 64 of [a-z0-9_-], not starting with '-'; "
    "appProtocol http, http2 or grpc, only with a name, in bridge or awsvpc",
    E, "docs/reference.md §2.1", APIPM,
    "Use a lower-case port name of letters, digits, '_' and '-' (at most 64, "
    "not starting with '-'); set appProtocol only together with a name.")
ECSNET_RULE(ECS017, "R16", "service-connect-tcp",
    "Service Connect port mappings use tcp", E,
    "docs/reference.md §2.1, §5.3, §6.1", DOC "developerguide/service-connect.html",
    "Service Connect supports only tcp: set protocol to tcp (or leave it "
    "out) on the mappings your services name as Service Connect ports.")
ECSNET_RULE(ECS018, "R17", "reserved-host-port",
    "a static host port avoids the agent's reserved ports and its dynamic "
    "range", W, "docs/reference.md §2.3, §2.4", APIPM,
    "Choose a static hostPort outside the reserved ports (ECS_RESERVED_PORTS) "
    "and below the dynamic range (ECS_DYNAMIC_HOST_PORT_RANGE), or use a "
    "dynamic host port (0 or absent) in bridge mode.")
ECSNET_RULE(ECS019, "R18", "windows-fargate-3150",
    "Windows on Fargate reserves container port 3150", E,
    "docs/reference.md §2.1, §5.5", TDP "#container_definition_portmappings",
    "Use another container port: 3150 is reserved on Fargate Windows.")
ECSNET_RULE(ECS020, "R19", "static-host-port",
    "a static host port allows one copy of the task per instance", I,
    "docs/reference.md §2.6", DOC "developerguide/networking-networkmode-bridge.html",
    "Informational: a second copy of this task cannot run on the same "
    "instance. Use dynamic host ports (bridge, hostPort 0) or awsvpc to run "
    "several copies per instance.")
ECSNET_RULE(ECS021, "R22", "container-count",
    "at most 10 containers per task definition", E,
    "docs/reference.md §1.5", DOC "developerguide/service-quotas.html",
    "Split the task into several task definitions (the limit of 10 is not "
    "adjustable).")
ECSNET_RULE(ECS022, "R23", "host-mode-root",
    "host-mode containers should not run as root", W,
    "docs/reference.md §1.4, §6.1", TDP "#network_mode",
    "Set user to a non-root user (a name or a UID other than 0): in host "
    "mode a root container can impersonate the host.")
ECSNET_RULE(ECS023, "", "value-type",
    "values have the type the API expects", E,
    "docs/reference.md §2.1", APICD,
    "Give the value the type the ECS API expects: integers for ports, cpu "
    "and memory of containers, strings for names, lists for lists.")
ECSNET_RULE(ECS024, "", "unknown-value",
    "a value that cannot be known statically skips the rules that need it",
    I, "docs/reference.md §6.1", TDP,
    "Informational: the value comes from a parameter, a function or a "
    "template variable; the rules that need it were skipped. Validate the "
    "rendered task definition to check them.")
ECSNET_RULE(ECS025, "", "cloudformation-key-case",
    "CloudFormation task definitions use PascalCase property names", E,
    "docs/reference.md §6.1",
    "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
    "aws-resource-ecs-taskdefinition.html",
    "Write the property in PascalCase (PortMappings, not portMappings): "
    "CloudFormation rejects camelCase keys as extraneous.")
ECSNET_RULE(ECS026, "", "container-network-mode",
    "networkMode belongs to the task, not to a container", W,
    "docs/reference.md §6.1", APIRT,
    "Move networkMode out of the container definition to the task "
    "definition (Terraform: the network_mode argument); ECS ignores it "
    "inside a container.")
ECSNET_RULE(ECS027, "R8", "host-port-value",
    "hostPort is 0-65535; 0 (dynamic) only in bridge and the Windows default "
    "mode", E, "docs/reference.md §1.3, §2.1, §7", APIPM,
    "Use a hostPort between 1 and 65535, or 0/absent for a dynamic port in "
    "bridge mode; in awsvpc and host mode leave it out.")
ECSNET_RULE(ECS028, "", "fargate-invalid-parameter",
    "parameters Fargate does not support (dnsServers, ipcMode, privileged, "
    "...)", E, "docs/reference.md §1.5, §5.6", DOC "developerguide/AWS_Fargate.html",
    "Remove the parameter, or run the task on EC2.")
ECSNET_RULE(ECS029, "", "windows-invalid-parameter",
    "networking parameters Windows containers do not support "
    "(disableNetworking, dnsServers, dnsSearchDomains)", E,
    "docs/reference.md §1.5, §5.5", DOC "developerguide/windows_task_definitions.html",
    "Remove the parameter from the Windows container.")
ECSNET_RULE(ECS030, "R14", "shared-port-two-protocols",
    "one container port on tcp and udp is valid in a task definition, but "
    "not as a load balancer or Service Connect port", W,
    "docs/reference.md §6.1", APIPM,
    "Keep tcp+udp pairs off the ports a load balancer or Service Connect "
    "uses: CreateService rejects them with \"Container port N is used in "
    "more than one port mapping\".")
ECSNET_RULE(ECS031, "", "container-definitions",
    "a task definition has a non-empty containerDefinitions list", E,
    "docs/reference.md §1.5", APIRT,
    "Add containerDefinitions: a list with at least one container.")
ECSNET_RULE(ECS032, "R16", "service-connect-port-name",
    "each Service Connect port name names a port mapping", W,
    "docs/reference.md §5.3", DOC "developerguide/service-connect.html",
    "Name a port mapping (portMappings[].name) after each port your "
    "Service Connect configuration uses, or correct the name.")
ECSNET_RULE(ECS033, "R9", "link-target",
    "links name containers of the same task definition", W,
    "docs/reference.md §1.3", APICD,
    "Write each link as name or name:alias, where name is a container of "
    "this task definition. Docker cannot link to a container that does not "
    "exist; whether RegisterTaskDefinition already rejects it is not "
    "verified, so ecsnet warns.")
ECSNET_RULE(ECS034, "", "duplicate-key",
    "a key appears once per object", W,
    "docs/reference.md §6.1", APIRT,
    "Remove the duplicate key. JSON readers disagree on duplicates: "
    "Python's json, which the AWS CLI uses, keeps the last value, and so "
    "does ecsnet; what CloudFormation does is not verified (cfn-lint reports "
    "duplicates as errors).")
ECSNET_RULE(ECS035, "", "unknown-key",
    "keys are those of the API shape (typos are named)", E,
    "docs/reference.md §8.4", APIRT,
    "Correct the key's name (the message suggests the nearest one) or "
    "remove it. The AWS CLI and SDKs reject register input with a key the "
    "API does not know, and CloudFormation rejects extraneous properties; "
    "in describe output and Terraform, ecsnet warns.")
ECSNET_RULE(ECS036, "", "service-network-configuration",
    "a service of an awsvpc task definition has a NetworkConfiguration; a "
    "service of another mode has none", E,
    "docs/reference.md §1.5, §8.1", DOC "APIReference/API_CreateService.html",
    "Give the service a NetworkConfiguration with an AwsvpcConfiguration "
    "(subnets, security groups) when its task definition uses awsvpc, and "
    "remove it when the task definition uses bridge, host or none.")
ECSNET_RULE(ECS037, "R21", "awsvpc-configuration-limits",
    "an AwsvpcConfiguration has at most 16 subnets and 5 security groups", E,
    "docs/reference.md §8.1", DOC "APIReference/API_AwsVpcConfiguration.html",
    "List at most 16 subnets and at most 5 security groups; combine rules "
    "into fewer security groups.")
ECSNET_RULE(ECS038, "", "assign-public-ip",
    "AssignPublicIp ENABLED only for tasks on Fargate", E,
    "docs/reference.md §3.1, §8.1", DOC "APIReference/API_AwsVpcConfiguration.html",
    "Set AssignPublicIp to DISABLED (or leave it out) on EC2: task ENIs on "
    "instances never get public IPs. Reach the internet through a NAT "
    "gateway, or run the service on Fargate.")
ECSNET_RULE(ECS039, "", "fargate-service",
    "a FARGATE service runs an awsvpc task definition that is compatible "
    "with Fargate, with the REPLICA scheduling strategy", E,
    "docs/reference.md §1.2, §5.6, §8.5", DOC "developerguide/AWS_Fargate.html",
    "Use networkMode awsvpc and list FARGATE in requiresCompatibilities of "
    "the task definition, and keep schedulingStrategy REPLICA (Fargate has "
    "no DAEMON services), or run the service on EC2.")
ECSNET_RULE(ECS040, "", "external-service",
    "an EXTERNAL (ECS Anywhere) service has no load balancer, service "
    "registry or Service Connect", E,
    "docs/reference.md §5.4", DOC "developerguide/ecs-anywhere.html",
    "Remove LoadBalancers, ServiceRegistries and ServiceConnectConfiguration "
    "from the ECS Anywhere service; balance traffic outside ECS.")
ECSNET_RULE(ECS041, "", "load-balancer-container",
    "a load balancer names a container of the task definition and one of "
    "its mapped container ports", E,
    "docs/reference.md §5.1, §8.1", DOC "APIReference/API_LoadBalancer.html",
    "Set ContainerName to a container of the task definition and "
    "ContainerPort to the containerPort of one of its port mappings (not "
    "the listener's or the target group's port).")
ECSNET_RULE(ECS042, "", "load-balancer-target-type",
    "target type ip for awsvpc, instance for bridge and host; no Classic "
    "Load Balancer with awsvpc", E,
    "docs/reference.md §5.1, §8.5",
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/"
    "API_CreateTargetGroup.html",
    "Set the target group's TargetType to ip for an awsvpc service and to "
    "instance (the default) for bridge and host; use an ALB or NLB target "
    "group instead of a Classic Load Balancer with awsvpc.")
ECSNET_RULE(ECS043, "", "load-balancer-count",
    "a service has at most 5 target groups", E,
    "docs/reference.md §5.1", DOC "developerguide/service-quotas.html",
    "Attach at most 5 target groups to one service; split the service or "
    "route several listeners to one target group.")
ECSNET_RULE(ECS044, "", "health-check-port",
    "with a dynamic host port, the target group health-checks the traffic "
    "port", E,
    "docs/reference.md §5.1, §8.5",
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/"
    "API_CreateTargetGroup.html",
    "Set HealthCheckPort to traffic-port (or leave it out: that is the "
    "default) when the container's host port is dynamic, or give the "
    "mapping a static host port.")
ECSNET_RULE(ECS045, "", "load-balancer-protocol",
    "a UDP target group reaches a udp port mapping, a TCP one a tcp mapping",
    W, "docs/reference.md §2.1, §5.1, §8.5",
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/"
    "API_CreateTargetGroup.html",
    "Map the container port with the protocol the target group uses (udp "
    "for UDP, tcp for TCP, TLS, HTTP and HTTPS). In bridge mode Docker "
    "forwards only the mapped protocol, so ecsnet reports an error there; "
    "elsewhere it warns.")
ECSNET_RULE(ECS046, "", "vpc-lattice-port-name",
    "each VPC Lattice port name names a port mapping", E,
    "docs/reference.md §8.1", DOC "APIReference/API_VpcLatticeConfiguration.html",
    "Set PortName to the name of a port mapping of the task definition "
    "(portMappings[].name), or name the mapping.")
ECSNET_RULE(ECS047, "", "service-registry",
    "service discovery: SRV records with a container and port in bridge and "
    "host mode, A records only in awsvpc, not in none mode", E,
    "docs/reference.md §5.2", DOC "APIReference/API_ServiceRegistry.html",
    "In bridge and host mode use SRV records and give ContainerName and "
    "ContainerPort (a mapped port of the task definition); A records need "
    "awsvpc. For SRV records in awsvpc give ContainerName and ContainerPort, "
    "or Port, not both.")
ECSNET_RULE(ECS048, "", "service-connect-timeout",
    "a Service Connect per-request timeout needs an application protocol "
    "(TCP takes only the idle timeout)", E,
    "docs/reference.md §8.1", DOC "APIReference/API_TimeoutConfiguration.html",
    "Set appProtocol (http, http2 or grpc) on the port mapping that Service "
    "Connect names, or remove perRequestTimeoutSeconds and keep only "
    "idleTimeoutSeconds for TCP.")
ECSNET_RULE(ECS049, "", "launch-type-or-capacity-providers",
    "a service gives a launch type or a capacity-provider strategy (at most "
    "20 providers), not both; Managed Instances only through a strategy", E,
    "docs/reference.md §8.5", DOC "APIReference/API_CreateService.html",
    "Remove launchType when the service has a capacityProviderStrategy (or "
    "remove the strategy), and keep at most 20 capacity providers in it.")
ECSNET_RULE(ECS050, "", "service-connect-names",
    "a Service Connect discovery name is 1-64 of [a-z0-9_-], not starting "
    "with '-'; at most one client alias per service", E,
    "docs/reference.md §5.3", DOC "APIReference/API_ServiceConnectService.html",
    "Use a lower-case discovery name of letters, digits, '_' and '-' (at "
    "most 64, not starting with '-'), and give each Service Connect service "
    "at most one client alias.")
ECSNET_RULE(ECS051, "R5", "managed-instances-none",
    "networkMode none on Managed Instances: AWS's two sources disagree", W,
    "docs/reference.md §5.7, §8.3", DOC "developerguide/managed-instance-networking.html",
    "Use awsvpc or host to be safe. The developer guide lists only awsvpc "
    "and host for Managed Instances; the API reference "
    "(ManagedInstancesNetworkConfiguration) also lists none. Which one ECS "
    "enforces is not verified, so ecsnet warns instead of failing.")
ECSNET_RULE(ECS052, "", "fault-injection-mode",
    "enableFaultInjection: network faults need host or awsvpc mode", W,
    "docs/reference.md §8.4", APIRT,
    "Use networkMode awsvpc or host for a task whose network faults you "
    "inject, or leave enableFaultInjection off. The agent refuses network "
    "fault requests in other modes; whether RegisterTaskDefinition already "
    "refuses the flag is not verified, so ecsnet warns.")
ECSNET_RULE(ECS053, "", "daemon-task-definition",
    "a daemon task definition (Managed Daemons) has no network mode of its own", I,
    "docs/reference.md §5.7, §8.3", DOC "developerguide/managed-daemons-task-definitions.html",
    "Informational: a daemon runs on every Managed Instances instance in the "
    "agent's own daemon-bridge network; it is not a bridge task definition, "
    "and it appears to take no ENI or VPC address (inferred from the agent's "
    "network setup, not stated by AWS).")
ECSNET_RULE(ECS054, "", "fargate-task-size",
    "on Fargate the task has cpu and memory of its own, in a supported "
    "combination", E,
    "docs/reference.md §5.6, §8.6", TDP "#task_size",
    "Set the task-level cpu and memory (container values do not count) to "
    "a Fargate size: 256 CPU units with 512, 1024 or 2048 MiB; 512 with "
    "1-4 GB; 1024 with 2-8 GB; 2048 with 4-16 GB; 4096 with 8-30 GB (1 GB "
    "steps); 8192 with 16-60 GB (4 GB steps); 16384 with 32-120 GB (8 GB "
    "steps). Windows on Fargate takes 1024, 2048 or 4096 only.")
ECSNET_RULE(ECS055, "", "container-name-image",
    "each container has a name (up to 255 letters, digits, '-' and '_') and "
    "an image", E,
    "docs/reference.md §8.6", APICD,
    "Give every container definition a non-empty name of letters, digits, "
    "'-' and '_' (at most 255) and an image. If a "
    "deployment tool fills the image in later (for example "
    "amazon-ecs-render-task-definition), validate the rendered file.")
ECSNET_RULE(ECS056, "", "container-name-unique",
    "container names are unique within the task definition", E,
    "docs/reference.md §8.6", APICD,
    "Rename one of the containers: each name may appear once per task "
    "definition.")
ECSNET_RULE(ECS057, "", "essential-container",
    "at least one container is essential", E,
    "docs/reference.md §8.6", APICD "#ECS-Type-ContainerDefinition-essential",
    "Mark at least one container essential (essential true, or leave it out: "
    "a container is essential by default).")
ECSNET_RULE(ECS058, "", "fargate-log-driver",
    "on Fargate the log driver is awslogs, splunk or awsfirelens", E,
    "docs/reference.md §5.6, §8.6",
    DOC "APIReference/API_LogConfiguration.html",
    "Use awslogs, splunk or awsfirelens (FireLens, which can forward to "
    "Fluentd, Fluent Bit and other destinations) on Fargate, or run the task "
    "on EC2 for the other drivers.")
ECSNET_RULE(ECS059, "", "rolling-deployment-stalls",
    "a rolling deployment can start a new task or stop an old one", W,
    "docs/reference.md §2.6, §8.1, §8.8",
    DOC "APIReference/API_DeploymentConfiguration.html",
    "Let ECS make a move: lower MinimumHealthyPercent so that it can stop "
    "an old task first, or, with static host ports (one task per "
    "instance), give the Auto Scaling group room for more instances than "
    "the desired count (MaxSize), or use dynamic host ports (hostPort 0 in "
    "bridge mode) behind a load balancer.")
ECSNET_RULE(ECS060, "", "second-revision-capacity",
    "a blue/green, linear or canary deployment has instances for two full "
    "revisions of a service with static host ports", W,
    "docs/reference.md §2.6, §8.1, §8.8",
    DOC "developerguide/deployment-type-blue-green.html",
    "Give the Auto Scaling group at least twice the desired count of "
    "instances (MaxSize): with static host ports each task needs an "
    "instance of its own, and both revisions run while the deployment "
    "bakes. Or use dynamic host ports behind a load balancer, or deploy "
    "ROLLING.")
ECSNET_RULE(ECS061, "", "deployment-capacity-unknown",
    "the instances a deployment with static host ports needs are not "
    "declared in the template", I,
    "docs/reference.md §2.6, §8.8",
    DOC "developerguide/deployment-type-ecs.html",
    "Informational: a task with static host ports runs once per instance, "
    "so whether the deployment can proceed depends on the instances, which "
    "the template does not declare for this service (no capacity provider "
    "backed by an Auto Scaling group of the template, or its sizes are "
    "parameters). Make sure the cluster has the instances the message "
    "names.")
ECSNET_RULE(ECS062, "", "deployment-subnet-addresses",
    "the service's subnets have an address for every task at the "
    "deployment's peak", W,
    "docs/reference.md §4.1, §8.1, §8.8",
    "https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html",
    "Use larger subnets, add subnets (up to 16) to the service, or lower "
    "the deployment's peak (MaximumPercent; ROLLING instead of BLUE_GREEN). "
    "Each awsvpc task takes an address of its subnet, and AWS keeps 5 of "
    "every subnet; run `ecsnet plan` on the template for the whole count, "
    "with instances and other services.")
ECSNET_RULE(ECS063, "", "daemon-deployment-controller",
    "a DAEMON service uses the ECS deployment controller (not CODE_DEPLOY "
    "or EXTERNAL)", E,
    "docs/reference.md §8.5", DOC "APIReference/API_CreateService.html",
    "Use schedulingStrategy REPLICA with a CODE_DEPLOY or EXTERNAL "
    "deployment controller, or the ECS deployment controller (the default) "
    "for a DAEMON service.")
