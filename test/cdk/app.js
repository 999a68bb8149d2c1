// CDK v2 app (plain JavaScript) whose synthesized cloud assembly is ecsnet test data.
// Each stack is an ECS networking shape as users write it with CDK; see README.md.
// Usage: node app.js [outdir]    (default: ./cdk.out)
// Synthesis is offline and deterministic: fixed env, availability zones in context,
// no lookups, no Docker image assets (images come from public registries).
'use strict';

const path = require('path');
const cdk = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const ecs = require('aws-cdk-lib/aws-ecs');
const patterns = require('aws-cdk-lib/aws-ecs-patterns');
const elbv2 = require('aws-cdk-lib/aws-elasticloadbalancingv2');
const autoscaling = require('aws-cdk-lib/aws-autoscaling');
const sd = require('aws-cdk-lib/aws-servicediscovery');
const appscaling = require('aws-cdk-lib/aws-applicationautoscaling');

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const env = { account: ACCOUNT, region: REGION };
const SAMPLE_IMAGE = 'public.ecr.aws/ecs-sample-image/amazon-ecs-sample:latest';
const NGINX_IMAGE = 'public.ecr.aws/nginx/nginx:1.27';
const WINDOWS_IMAGE = 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2019';

// Deployment settings CDK recommends (it warns without them).
const DEPLOY = { minHealthyPercent: 100, circuitBreaker: { rollback: true } };

const outdir = path.resolve(process.argv[2] || path.join(__dirname, 'cdk.out'));

const app = new cdk.App({
  outdir,
  analyticsReporting: false,
  stackTraces: false,
  context: {
    // What `cdk synth` would otherwise look up in the account (and cache in cdk.context.json).
    [`availability-zones:account=${ACCOUNT}:region=${REGION}`]: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    // Launch templates instead of launch configurations (new accounts cannot create the latter).
    '@aws-cdk/aws-autoscaling:generateLaunchTemplateInsteadOfLaunchConfig': true,
    '@aws-cdk/aws-ecs:arnFormatIncludesClusterName': true,
    '@aws-cdk/aws-ecs:disableExplicitDeploymentControllerForCircuitBreaker': true,
    '@aws-cdk/core:defaultCrossStackReferences': 'strong',
    // No construct stack traces in the metadata: they hold absolute paths of this checkout.
    'aws:cdk:disable-stack-trace': true,
    'aws:cdk:disable-creation-stack-traces': true,
  },
});

// ---- shared network: one VPC, exported to the other stacks -----------------------------------

class NetworkStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.20.0.0/16'),
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
      ],
    });
  }
}

// EC2 capacity for a cluster: an Auto Scaling group of ECS-optimized instances behind a capacity provider.
function addEc2Capacity(scope, cluster, vpc, opts) {
  const asg = new autoscaling.AutoScalingGroup(scope, 'Asg', {
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    instanceType: new ec2.InstanceType((opts && opts.instanceType) || 't3.medium'),
    machineImage: ecs.EcsOptimizedImage.amazonLinux2023(),
    minCapacity: 1,
    maxCapacity: 4,
  });
  const provider = new ecs.AsgCapacityProvider(scope, 'CapacityProvider', {
    autoScalingGroup: asg,
    enableManagedTerminationProtection: false,
  });
  cluster.addAsgCapacityProvider(provider);
  return { asg, provider };
}

function capacityStrategy(provider) {
  return [{ capacityProvider: provider.capacityProviderName, weight: 1 }];
}

// ---- 1. ALB + Fargate (ecs_patterns) -----------------------------------------------------------

class AlbFargateStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc: props.vpc });
    const svc = new patterns.ApplicationLoadBalancedFargateService(this, 'Web', {
      cluster,
      cpu: 256,
      memoryLimitMiB: 512,
      desiredCount: 2,
      publicLoadBalancer: true,
      ...DEPLOY,
      taskImageOptions: { image: ecs.ContainerImage.fromRegistry(SAMPLE_IMAGE), containerPort: 80 },
    });
    svc.targetGroup.configureHealthCheck({ path: '/', healthyHttpCodes: '200-299' });
    const scaling = svc.service.autoScaleTaskCount({ minCapacity: 2, maxCapacity: 6 });
    scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 60 });
  }
}

// ---- 2. NLB + Fargate (ecs_patterns), container port differs from listener port ----------------

class NlbFargateStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc: props.vpc });
    const svc = new patterns.NetworkLoadBalancedFargateService(this, 'Tcp', {
      cluster,
      cpu: 512,
      memoryLimitMiB: 1024,
      desiredCount: 2,
      ...DEPLOY,
      listenerPort: 80,
      publicLoadBalancer: true,
      taskImageOptions: { image: ecs.ContainerImage.fromRegistry(NGINX_IMAGE), containerPort: 8080 },
    });
    // NLB targets are reached directly: let the VPC reach the container port.
    svc.service.connections.allowFrom(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.tcp(8080));
  }
}

// ---- 3. ALB + EC2, bridge mode with dynamic host ports (ecs_patterns) --------------------------

class AlbEc2BridgeStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc: props.vpc });
    const cap = addEc2Capacity(this, cluster, props.vpc);
    const taskDef = new ecs.Ec2TaskDefinition(this, 'TaskDef', { networkMode: ecs.NetworkMode.BRIDGE });
    const web = taskDef.addContainer('web', {
      image: ecs.ContainerImage.fromRegistry(SAMPLE_IMAGE),
      memoryReservationMiB: 256,
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'web' }),
    });
    // hostPort 0: the agent picks an ephemeral host port; the ALB registers instance:port.
    web.addPortMappings({ containerPort: 80, hostPort: 0, protocol: ecs.Protocol.TCP });
    const svc = new patterns.ApplicationLoadBalancedEc2Service(this, 'Web', {
      cluster,
      taskDefinition: taskDef,
      desiredCount: 3,
      publicLoadBalancer: true,
      ...DEPLOY,
      capacityProviderStrategies: capacityStrategy(cap.provider),
    });
    // Dynamic ports: the ALB must reach the whole ephemeral range on the instances.
    cap.asg.connections.allowFrom(svc.loadBalancer, ec2.Port.tcpRange(32768, 65535), 'ALB to dynamic host ports');
  }
}

// ---- 4. EC2 launch type, awsvpc mode (one ENI per task), no load balancer ----------------------

class Ec2AwsvpcStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc: props.vpc });
    const cap = addEc2Capacity(this, cluster, props.vpc, { instanceType: 'c5.large' });
    const taskDef = new ecs.Ec2TaskDefinition(this, 'TaskDef', { networkMode: ecs.NetworkMode.AWS_VPC });
    const app = taskDef.addContainer('app', {
      image: ecs.ContainerImage.fromRegistry(NGINX_IMAGE),
      memoryLimitMiB: 256,
      cpu: 128,
      portMappings: [{ containerPort: 8080 }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app' }),
    });
    taskDef.addContainer('sidecar', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:1.36'),
      memoryLimitMiB: 64,
      essential: false,
      command: ['sh', '-c', 'while true; do wget -q -O /dev/null http://localhost:8080/ ; sleep 30; done'],
    }).addContainerDependencies({ container: app, condition: ecs.ContainerDependencyCondition.START });
    const sg = new ec2.SecurityGroup(this, 'TaskSg', { vpc: props.vpc, description: 'awsvpc tasks' });
    sg.addIngressRule(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.tcp(8080));
    new ecs.Ec2Service(this, 'Service', {
      cluster,
      taskDefinition: taskDef,
      desiredCount: 4,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [sg],
      capacityProviderStrategies: capacityStrategy(cap.provider),
      ...DEPLOY,
      placementStrategies: [ecs.PlacementStrategy.spreadAcross(ecs.BuiltInAttributes.AVAILABILITY_ZONE)],
    });
  }
}

// ---- 5. Fargate with Service Connect: a server (port mapping name, client alias) and a client --

class ServiceConnectStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: props.vpc,
      defaultCloudMapNamespace: { name: 'sc.internal', type: sd.NamespaceType.HTTP, useForServiceConnect: true },
    });
    const apiDef = new ecs.FargateTaskDefinition(this, 'ApiTaskDef', { cpu: 256, memoryLimitMiB: 512 });
    apiDef.addContainer('api', {
      image: ecs.ContainerImage.fromRegistry(NGINX_IMAGE),
      portMappings: [{ name: 'api', containerPort: 8080, appProtocol: ecs.AppProtocol.http }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'api' }),
    });
    const api = new ecs.FargateService(this, 'Api', {
      cluster,
      taskDefinition: apiDef,
      desiredCount: 2,
      ...DEPLOY,
      serviceConnectConfiguration: {
        services: [{ portMappingName: 'api', discoveryName: 'api', dnsName: 'api', port: 80 }],
        logDriver: ecs.LogDrivers.awsLogs({ streamPrefix: 'sc-api' }),
      },
    });
    const clientDef = new ecs.FargateTaskDefinition(this, 'ClientTaskDef', { cpu: 256, memoryLimitMiB: 512 });
    clientDef.addContainer('client', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:1.36'),
      command: ['sh', '-c', 'while true; do wget -q -O /dev/null http://api/ ; sleep 10; done'],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'client' }),
    });
    // Client-only Service Connect: no services advertised, uses the cluster's namespace.
    const client = new ecs.FargateService(this, 'Client', {
      cluster,
      taskDefinition: clientDef,
      desiredCount: 1,
      ...DEPLOY,
      serviceConnectConfiguration: {},
    });
    api.connections.allowFrom(client, ec2.Port.tcp(8080), 'Service Connect client to api');
  }
}

// ---- 6. Cloud Map service discovery: A records (Fargate, awsvpc) and SRV records (EC2 bridge) --

class CloudMapStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const ns = new sd.PrivateDnsNamespace(this, 'Namespace', { name: 'disco.internal', vpc: props.vpc });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc: props.vpc });
    const cap = addEc2Capacity(this, cluster, props.vpc);

    const aDef = new ecs.FargateTaskDefinition(this, 'WorkerTaskDef', { cpu: 256, memoryLimitMiB: 512 });
    aDef.addContainer('worker', {
      image: ecs.ContainerImage.fromRegistry(NGINX_IMAGE),
      portMappings: [{ containerPort: 8080 }],
    });
    new ecs.FargateService(this, 'Worker', {
      cluster,
      taskDefinition: aDef,
      desiredCount: 2,
      ...DEPLOY,
      cloudMapOptions: { cloudMapNamespace: ns, name: 'worker', dnsRecordType: sd.DnsRecordType.A, dnsTtl: cdk.Duration.seconds(10) },
    });

    const srvDef = new ecs.Ec2TaskDefinition(this, 'CacheTaskDef', { networkMode: ecs.NetworkMode.BRIDGE });
    const cache = srvDef.addContainer('cache', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/redis:7'),
      memoryReservationMiB: 128,
      portMappings: [{ containerPort: 6379 }], // hostPort omitted in bridge mode: dynamic
    });
    new ecs.Ec2Service(this, 'Cache', {
      cluster,
      taskDefinition: srvDef,
      desiredCount: 2,
      capacityProviderStrategies: capacityStrategy(cap.provider),
      ...DEPLOY,
      cloudMapOptions: {
        cloudMapNamespace: ns,
        name: 'cache',
        dnsRecordType: sd.DnsRecordType.SRV,
        container: cache,
        containerPort: 6379,
      },
    });
  }
}

// ---- 7. Queue-processing and scheduled Fargate patterns (no inbound ports) ---------------------

class WorkersStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc: props.vpc });
    new patterns.QueueProcessingFargateService(this, 'Queue', {
      cluster,
      cpu: 256,
      memoryLimitMiB: 512,
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:1.36'),
      command: ['sh', '-c', 'echo processing; sleep 60'],
      ...DEPLOY,
      minScalingCapacity: 0,
      maxScalingCapacity: 4,
    });
    new patterns.ScheduledFargateTask(this, 'Nightly', {
      cluster,
      schedule: appscaling.Schedule.expression('cron(0 3 * * ? *)'),
      scheduledFargateTaskImageOptions: {
        image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:1.36'),
        command: ['sh', '-c', 'echo nightly'],
        cpu: 256,
        memoryLimitMiB: 512,
      },
      subnetSelection: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    });
  }
}

// ---- 8. EC2 host network mode (one task per instance per port) ---------------------------------

class HostModeStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc: props.vpc });
    const cap = addEc2Capacity(this, cluster, props.vpc);
    const taskDef = new ecs.Ec2TaskDefinition(this, 'TaskDef', { networkMode: ecs.NetworkMode.HOST });
    taskDef.addContainer('agent', {
      image: ecs.ContainerImage.fromRegistry(NGINX_IMAGE),
      memoryReservationMiB: 128,
      portMappings: [{ containerPort: 9100 }], // host mode: hostPort equals containerPort
    });
    cap.asg.connections.allowFrom(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.tcp(9100));
    new ecs.Ec2Service(this, 'Daemon', {
      cluster,
      taskDefinition: taskDef,
      daemon: true,
      minHealthyPercent: 0,
      maxHealthyPercent: 100,
      circuitBreaker: { rollback: true },
    });
  }
}

// ---- 9. Windows on Fargate ---------------------------------------------------------------------

class WindowsFargateStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc: props.vpc });
    const taskDef = new ecs.FargateTaskDefinition(this, 'TaskDef', {
      cpu: 1024,
      memoryLimitMiB: 2048,
      runtimePlatform: {
        operatingSystemFamily: ecs.OperatingSystemFamily.WINDOWS_SERVER_2019_CORE,
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
      },
    });
    taskDef.addContainer('iis', {
      image: ecs.ContainerImage.fromRegistry(WINDOWS_IMAGE),
      portMappings: [{ containerPort: 80 }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'iis' }),
    });
    const svc = new ecs.FargateService(this, 'Service', { cluster, taskDefinition: taskDef, desiredCount: 1, ...DEPLOY });
    svc.connections.allowFrom(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.tcp(80));
  }
}

// ---- 10. A nested stack holding an ALB-fronted Fargate service ---------------------------------

class ServiceNestedStack extends cdk.NestedStack {
  constructor(scope, id, props) {
    super(scope, id);
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc: props.vpc });
    const taskDef = new ecs.FargateTaskDefinition(this, 'TaskDef', { cpu: 512, memoryLimitMiB: 1024 });
    taskDef.addContainer('app', {
      image: ecs.ContainerImage.fromRegistry(SAMPLE_IMAGE),
      portMappings: [{ containerPort: 80 }],
    });
    const svc = new ecs.FargateService(this, 'Service', { cluster, taskDefinition: taskDef, desiredCount: 2, ...DEPLOY });
    const lb = new elbv2.ApplicationLoadBalancer(this, 'Lb', { vpc: props.vpc, internetFacing: true });
    const listener = lb.addListener('Http', { port: 80 });
    listener.addTargets('App', {
      port: 80,
      targets: [svc],
      healthCheck: { path: '/', interval: cdk.Duration.seconds(15) },
    });
    this.lbDns = lb.loadBalancerDnsName;
  }
}

class NestedParentStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const nested = new ServiceNestedStack(this, 'Service', { vpc: props.vpc });
    new cdk.CfnOutput(this, 'LoadBalancerDns', { value: nested.lbDns });
  }
}

// ---- 11. ALB with several target groups on one Fargate ARM64 task (ecs_patterns) ---------------

class MultiTargetGroupsStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc: props.vpc });
    const taskDef = new ecs.FargateTaskDefinition(this, 'TaskDef', {
      cpu: 512,
      memoryLimitMiB: 1024,
      runtimePlatform: { operatingSystemFamily: ecs.OperatingSystemFamily.LINUX, cpuArchitecture: ecs.CpuArchitecture.ARM64 },
      pidMode: ecs.PidMode.TASK, // the one PID mode Fargate takes (Linux, platform 1.4.0)
    });
    taskDef.addContainer('web', {
      image: ecs.ContainerImage.fromRegistry(NGINX_IMAGE),
      portMappings: [{ containerPort: 80 }, { containerPort: 8080 }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'web' }),
    });
    const svc = new patterns.ApplicationMultipleTargetGroupsFargateService(this, 'Web', {
      cluster,
      taskDefinition: taskDef,
      desiredCount: 2,
      loadBalancers: [{ name: 'Lb', publicLoadBalancer: true, listeners: [{ name: 'Http', port: 80 }, { name: 'Admin', port: 8080 }] }],
      targetGroups: [{ containerPort: 80, listener: 'Http' }, { containerPort: 8080, listener: 'Admin' }],
    });
    // This pattern takes no deployment settings: CDK's advice about them is acknowledged, not fixed.
    cdk.Annotations.of(svc.service).acknowledgeWarning('@aws-cdk/aws-ecs:shouldUseCircuitBreaker');
    cdk.Annotations.of(svc.service).acknowledgeWarning('@aws-cdk/aws-ecs:minHealthyPercent');
  }
}

// ---- 12. EC2 patterns: NLB + bridge, ALB + awsvpc (placement), host mode with SRV records ------

class Ec2PatternsStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc: props.vpc });
    const cap = addEc2Capacity(this, cluster, props.vpc, { instanceType: 'c5.xlarge' });
    // NLB to a bridge-mode task: the pattern's task definition maps 8080 with no hostPort (dynamic).
    const nlb = new patterns.NetworkLoadBalancedEc2Service(this, 'Tcp', {
      cluster,
      memoryReservationMiB: 256,
      desiredCount: 2,
      listenerPort: 80,
      ...DEPLOY,
      capacityProviderStrategies: capacityStrategy(cap.provider),
      taskImageOptions: { image: ecs.ContainerImage.fromRegistry(NGINX_IMAGE), containerPort: 8080 },
    });
    cap.asg.connections.allowFrom(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.tcpRange(32768, 65535), 'NLB to dynamic host ports');
    nlb.service.addPlacementStrategies(ecs.PlacementStrategy.spreadAcrossInstances());

    // ALB to an awsvpc task on EC2: IP targets; binpack on memory, one task per instance at most.
    const vpcDef = new ecs.Ec2TaskDefinition(this, 'AwsvpcTaskDef', { networkMode: ecs.NetworkMode.AWS_VPC });
    vpcDef.addContainer('api', {
      image: ecs.ContainerImage.fromRegistry(SAMPLE_IMAGE),
      memoryLimitMiB: 512,
      portMappings: [{ containerPort: 80 }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'api' }),
    });
    new patterns.ApplicationLoadBalancedEc2Service(this, 'Api', {
      cluster,
      taskDefinition: vpcDef,
      desiredCount: 2,
      ...DEPLOY,
      capacityProviderStrategies: capacityStrategy(cap.provider),
      placementStrategies: [ecs.PlacementStrategy.packedByMemory()],
      placementConstraints: [ecs.PlacementConstraint.distinctInstances()],
    });

    // Host mode with Cloud Map SRV records (host mode needs container and port for SRV).
    const ns = new sd.PrivateDnsNamespace(this, 'Namespace', { name: 'ec2.internal', vpc: props.vpc });
    const hostDef = new ecs.Ec2TaskDefinition(this, 'HostTaskDef', { networkMode: ecs.NetworkMode.HOST });
    const exporter = hostDef.addContainer('exporter', {
      image: ecs.ContainerImage.fromRegistry(NGINX_IMAGE),
      memoryReservationMiB: 64,
      portMappings: [{ containerPort: 9200, hostPort: 9200 }],
    });
    new ecs.Ec2Service(this, 'Exporter', {
      cluster,
      taskDefinition: hostDef,
      desiredCount: 2,
      minHealthyPercent: 0,
      maxHealthyPercent: 100,
      circuitBreaker: { rollback: true },
      capacityProviderStrategies: capacityStrategy(cap.provider),
      placementConstraints: [ecs.PlacementConstraint.distinctInstances()],
      cloudMapOptions: { cloudMapNamespace: ns, name: 'exporter', dnsRecordType: sd.DnsRecordType.SRV, container: exporter, containerPort: 9200 },
    });

    // ECS Anywhere: an EXTERNAL service on the same cluster, bridge mode with a static host port.
    const extDef = new ecs.ExternalTaskDefinition(this, 'ExternalTaskDef', { networkMode: ecs.NetworkMode.BRIDGE });
    extDef.addContainer('edge', {
      image: ecs.ContainerImage.fromRegistry(NGINX_IMAGE),
      memoryReservationMiB: 128,
      portMappings: [{ containerPort: 80, hostPort: 8080 }],
    });
    // ExternalService's maxHealthyPercent defaults to 100, so with a static host port the old task
    // must stop first: minHealthyPercent 0 (with 100 a rolling deployment could not move: ECS059).
    new ecs.ExternalService(this, 'Edge', { cluster, taskDefinition: extDef, desiredCount: 1, ...DEPLOY,
      minHealthyPercent: 0 });
  }
}

// ---- 13. Fargate Spot, deployment settings, FireLens and CodeDeploy ---------------------------

class SpotDeployStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc: props.vpc, enableFargateCapacityProviders: true });
    new patterns.QueueProcessingFargateService(this, 'Queue', {
      cluster,
      cpu: 256,
      memoryLimitMiB: 512,
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:1.36'),
      command: ['sh', '-c', 'echo processing; sleep 60'],
      ...DEPLOY,
      capacityProviderStrategies: [
        { capacityProvider: 'FARGATE_SPOT', weight: 2 },
        { capacityProvider: 'FARGATE', weight: 1, base: 1 },
      ],
      maxScalingCapacity: 4,
    });

    // Rolling deployment with every knob set, logs through a FireLens (Fluent Bit) router.
    const taskDef = new ecs.FargateTaskDefinition(this, 'LogsTaskDef', { cpu: 512, memoryLimitMiB: 1024 });
    taskDef.addFirelensLogRouter('log-router', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/aws-observability/aws-for-fluent-bit:stable'),
      firelensConfig: { type: ecs.FirelensLogRouterType.FLUENTBIT },
      memoryReservationMiB: 50,
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'firelens' }),
    });
    taskDef.addContainer('app', {
      image: ecs.ContainerImage.fromRegistry(NGINX_IMAGE),
      portMappings: [{ containerPort: 8080 }],
      logging: ecs.LogDrivers.firelens({ options: { Name: 'cloudwatch', region: REGION, log_group_name: 'app', log_stream_prefix: 'app-', auto_create_group: 'true' } }),
    });
    new ecs.FargateService(this, 'Rolling', {
      cluster,
      taskDefinition: taskDef,
      desiredCount: 4,
      minHealthyPercent: 50,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      deploymentController: { type: ecs.DeploymentControllerType.ECS },
      capacityProviderStrategies: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
    });

    // Blue/green through CodeDeploy: the service only names its controller.
    new patterns.ApplicationLoadBalancedFargateService(this, 'BlueGreen', {
      cluster,
      cpu: 256,
      memoryLimitMiB: 512,
      desiredCount: 2,
      minHealthyPercent: 100,
      deploymentController: { type: ecs.DeploymentControllerType.CODE_DEPLOY },
      taskImageOptions: { image: ecs.ContainerImage.fromRegistry(SAMPLE_IMAGE), containerPort: 80 },
    });
  }
}

// ---- 14. Service Connect with TLS and timeouts, HTTP and gRPC ports ---------------------------

class ServiceConnectTlsStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: props.vpc,
      defaultCloudMapNamespace: { name: 'tls.internal', type: sd.NamespaceType.HTTP, useForServiceConnect: true },
    });
    const taskDef = new ecs.FargateTaskDefinition(this, 'TaskDef', { cpu: 256, memoryLimitMiB: 512 });
    taskDef.addContainer('app', {
      image: ecs.ContainerImage.fromRegistry(NGINX_IMAGE),
      portMappings: [
        { name: 'http', containerPort: 8080, appProtocol: ecs.AppProtocol.http2 },
        { name: 'grpc', containerPort: 50051, appProtocol: ecs.AppProtocol.grpc },
        { name: 'raw', containerPort: 9000 },
      ],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app' }),
    });
    new ecs.FargateService(this, 'Secure', {
      cluster,
      taskDefinition: taskDef,
      desiredCount: 2,
      ...DEPLOY,
      serviceConnectConfiguration: {
        services: [
          {
            portMappingName: 'http',
            dnsName: 'secure',
            port: 443,
            idleTimeout: cdk.Duration.seconds(120),
            perRequestTimeout: cdk.Duration.seconds(30),
            tls: { awsPcaAuthorityArn: `arn:aws:acm-pca:${REGION}:${ACCOUNT}:certificate-authority/12345678-1234-1234-1234-123456789012` },
          },
          { portMappingName: 'grpc', perRequestTimeout: cdk.Duration.seconds(10) },
          { portMappingName: 'raw', idleTimeout: cdk.Duration.minutes(5) },
        ],
      },
    });
  }
}

// ---- 15. ECS Managed Instances capacity provider -----------------------------------------------

class ManagedInstancesStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc: props.vpc });
    const sg = new ec2.SecurityGroup(this, 'InstanceSg', { vpc: props.vpc, description: 'managed instances' });
    const provider = new ecs.ManagedInstancesCapacityProvider(this, 'ManagedInstances', {
      subnets: props.vpc.privateSubnets,
      securityGroups: [sg],
      instanceRequirements: { vCpuCountMin: 2, vCpuCountMax: 8, memoryMin: cdk.Size.gibibytes(4) },
    });
    cluster.addManagedInstancesCapacityProvider(provider);
    const taskDef = new ecs.TaskDefinition(this, 'TaskDef', {
      compatibility: ecs.Compatibility.MANAGED_INSTANCES,
      networkMode: ecs.NetworkMode.AWS_VPC,
      cpu: '1024',
      memoryMiB: '2048',
    });
    taskDef.addContainer('app', {
      image: ecs.ContainerImage.fromRegistry(NGINX_IMAGE),
      portMappings: [{ containerPort: 8080 }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app' }),
    });
    new ecs.FargateService(this, 'Service', {
      cluster,
      taskDefinition: taskDef,
      desiredCount: 2,
      ...DEPLOY,
      capacityProviderStrategies: [{ capacityProvider: provider.capacityProviderName, weight: 1 }],
    });
  }
}

// ---- 16. IPv6 dual-stack VPC with an ALB-fronted Fargate service ------------------------------

class DualStackStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.30.0.0/16'),
      ipProtocol: ec2.IpProtocol.DUAL_STACK,
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 }],
    });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });
    new patterns.ApplicationLoadBalancedFargateService(this, 'Web', {
      cluster,
      cpu: 256,
      memoryLimitMiB: 512,
      desiredCount: 2,
      ...DEPLOY,
      assignPublicIp: true,
      taskSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      ipAddressType: elbv2.IpAddressType.DUAL_STACK,
      taskImageOptions: { image: ecs.ContainerImage.fromRegistry(SAMPLE_IMAGE), containerPort: 80 },
    });
  }
}

// ---- 17. Windows on EC2: default (NAT) mode, dynamic host ports behind an ALB -----------------

class WindowsEc2Stack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc: props.vpc });
    const asg = new autoscaling.AutoScalingGroup(this, 'Asg', {
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      instanceType: new ec2.InstanceType('m5.large'),
      machineImage: ecs.EcsOptimizedImage.windows(ecs.WindowsOptimizedVersion.SERVER_2022),
      minCapacity: 1,
      maxCapacity: 2,
    });
    const provider = new ecs.AsgCapacityProvider(this, 'CapacityProvider', {
      autoScalingGroup: asg,
      enableManagedTerminationProtection: false,
    });
    cluster.addAsgCapacityProvider(provider);
    // NAT is Windows' default mode: CDK writes no NetworkMode for it.
    const taskDef = new ecs.Ec2TaskDefinition(this, 'TaskDef', { networkMode: ecs.NetworkMode.NAT });
    taskDef.addContainer('iis', {
      image: ecs.ContainerImage.fromRegistry(WINDOWS_IMAGE),
      memoryReservationMiB: 1024,
      cpu: 512,
      portMappings: [{ containerPort: 80, hostPort: 0 }],
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'iis' }),
    });
    const svc = new patterns.ApplicationLoadBalancedEc2Service(this, 'Web', {
      cluster,
      taskDefinition: taskDef,
      desiredCount: 2,
      ...DEPLOY,
      capacityProviderStrategies: capacityStrategy(provider),
    });
    asg.connections.allowFrom(svc.loadBalancer, ec2.Port.tcpRange(49153, 65535), 'ALB to Windows dynamic host ports');
  }
}

// ---- the app -----------------------------------------------------------------------------------

const network = new NetworkStack(app, 'EcsnetNetwork', { env });
const vpc = network.vpc;
new AlbFargateStack(app, 'EcsnetAlbFargate', { env, vpc });
new NlbFargateStack(app, 'EcsnetNlbFargate', { env, vpc });
new AlbEc2BridgeStack(app, 'EcsnetAlbEc2Bridge', { env, vpc });
new Ec2AwsvpcStack(app, 'EcsnetEc2Awsvpc', { env, vpc });
new ServiceConnectStack(app, 'EcsnetServiceConnect', { env, vpc });
new CloudMapStack(app, 'EcsnetCloudMap', { env, vpc });
new WorkersStack(app, 'EcsnetWorkers', { env, vpc });
new HostModeStack(app, 'EcsnetHostMode', { env, vpc });
new WindowsFargateStack(app, 'EcsnetWindowsFargate', { env, vpc });
new NestedParentStack(app, 'EcsnetNested', { env, vpc });
new MultiTargetGroupsStack(app, 'EcsnetMultiTargetGroups', { env, vpc });
new Ec2PatternsStack(app, 'EcsnetEc2Patterns', { env, vpc });
new SpotDeployStack(app, 'EcsnetSpotDeploy', { env, vpc });
new ServiceConnectTlsStack(app, 'EcsnetServiceConnectTls', { env, vpc });
new ManagedInstancesStack(app, 'EcsnetManagedInstances', { env, vpc });
new DualStackStack(app, 'EcsnetDualStack', { env });
new WindowsEc2Stack(app, 'EcsnetWindowsEc2', { env, vpc });

app.synth({ validateOnSynthesis: true });
