# ecsnet's rule fixtures for Terraform services (tools/synth-tfplan.sh): for each service rule a
# service named <rule>_valid that CreateService accepts and one or more named <rule>_invalid
# that it refuses (docs/reference.md §5.1-§5.4, §8.1, §8.5). Planned offline with fake
# credentials; never applied. Terraform plans all of them: these are the API's rules, not the
# provider's.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "mock-access-key"
  secret_key                  = "mock-secret-key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}

locals {
  subnets = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
  many_subnets = [for i in range(17) : format("subnet-0a1b2c3d4e5f6%04d", i)]
  sg      = ["sg-0a1b2c3d4e5f60001"]
  vpc     = "vpc-0a1b2c3d4e5f60001"
}

resource "aws_ecs_cluster" "main" {
  name = "rules"
}

# awsvpc, Fargate and EC2: port 8080 'http' (appProtocol http), 9090 'plain' (no appProtocol),
# 5353/udp 'dns'
resource "aws_ecs_task_definition" "awsvpc" {
  family                   = "awsvpc"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE", "EC2"]
  cpu                      = "256"
  memory                   = "512"
  container_definitions = jsonencode([{
    name      = "app"
    image     = "public.ecr.aws/nginx/nginx:1.27"
    essential = true
    portMappings = [
      { name = "http", containerPort = 8080, protocol = "tcp", appProtocol = "http" },
      { name = "plain", containerPort = 9090, protocol = "tcp" },
      { name = "dns", containerPort = 5353, protocol = "udp" },
    ]
  }])
}

# bridge, EC2: containerPort 80 'web' on a dynamic host port
resource "aws_ecs_task_definition" "bridge" {
  family                   = "bridge"
  network_mode             = "bridge"
  requires_compatibilities = ["EC2"]
  container_definitions = jsonencode([{
    name         = "web"
    image        = "public.ecr.aws/nginx/nginx:1.27"
    essential    = true
    memory       = 256
    portMappings = [{ name = "web", containerPort = 80, hostPort = 0, protocol = "tcp" }]
  }])
}

resource "aws_lb_target_group" "ip" {
  name        = "ip"
  port        = 8080
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = local.vpc
}

resource "aws_lb_target_group" "instance" {
  name        = "instance"
  port        = 80
  protocol    = "HTTP"
  target_type = "instance"
  vpc_id      = local.vpc
}

resource "aws_lb_target_group" "fixed_health" {
  name        = "fixed-health"
  port        = 80
  protocol    = "HTTP"
  target_type = "instance"
  vpc_id      = local.vpc
  health_check {
    port = "8080"
  }
}

resource "aws_lb_target_group" "udp" {
  name        = "udp"
  port        = 8080
  protocol    = "UDP"
  target_type = "ip"
  vpc_id      = local.vpc
  health_check {
    protocol = "TCP"
  }
}

resource "aws_lb_target_group" "tcp" {
  name        = "tcp"
  port        = 8080
  protocol    = "TCP"
  target_type = "ip"
  vpc_id      = local.vpc
}

resource "aws_lb_target_group" "many" {
  count       = 6
  name        = "many-${count.index}"
  port        = 8080
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = local.vpc
}

resource "aws_service_discovery_private_dns_namespace" "internal" {
  name = "internal.example"
  vpc  = local.vpc
}

resource "aws_service_discovery_service" "a" {
  name = "a"
  dns_config {
    namespace_id = aws_service_discovery_private_dns_namespace.internal.id
    dns_records {
      type = "A"
      ttl  = 10
    }
  }
}

resource "aws_service_discovery_service" "srv" {
  name = "srv"
  dns_config {
    namespace_id = aws_service_discovery_private_dns_namespace.internal.id
    dns_records {
      type = "SRV"
      ttl  = 10
    }
  }
}

# ECS036: awsvpc needs a network configuration; bridge takes none
resource "aws_ecs_service" "ecs036_valid" {
  name            = "ecs036-valid"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.awsvpc.arn
  launch_type     = "FARGATE"
  network_configuration {
    subnets         = local.subnets
    security_groups = local.sg
  }
}

resource "aws_ecs_service" "ecs036_invalid" {
  name            = "ecs036-invalid"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.awsvpc.arn
  launch_type     = "FARGATE"
}

resource "aws_ecs_service" "ecs036_invalid_bridge" {
  name            = "ecs036-invalid-bridge"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.bridge.arn
  launch_type     = "EC2"
  network_configuration {
    subnets = local.subnets
  }
}

# ECS037: at most 16 subnets
resource "aws_ecs_service" "ecs037_invalid" {
  name            = "ecs037-invalid"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.awsvpc.arn
  launch_type     = "FARGATE"
  network_configuration {
    subnets = local.many_subnets
  }
}

# ECS038: a public IP only on Fargate
resource "aws_ecs_service" "ecs038_valid" {
  name            = "ecs038-valid"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.awsvpc.arn
  launch_type     = "FARGATE"
  network_configuration {
    subnets          = local.subnets
    assign_public_ip = true
  }
}

resource "aws_ecs_service" "ecs038_invalid" {
  name            = "ecs038-invalid"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.awsvpc.arn
  launch_type     = "EC2"
  network_configuration {
    subnets          = local.subnets
    assign_public_ip = true
  }
}

# ECS039: Fargate runs only awsvpc task definitions
resource "aws_ecs_service" "ecs039_invalid" {
  name            = "ecs039-invalid"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.bridge.arn
  launch_type     = "FARGATE"
}

# ECS040: ECS Anywhere takes no load balancer
resource "aws_ecs_service" "ecs040_valid" {
  name            = "ecs040-valid"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.bridge.arn
  launch_type     = "EXTERNAL"
}

resource "aws_ecs_service" "ecs040_invalid" {
  name            = "ecs040-invalid"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.bridge.arn
  launch_type     = "EXTERNAL"
  load_balancer {
    target_group_arn = aws_lb_target_group.instance.arn
    container_name   = "web"
    container_port   = 80
  }
}

# ECS041: the load balancer's container and port are the task definition's
resource "aws_ecs_service" "ecs041_invalid" {
  name            = "ecs041-invalid"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.awsvpc.arn
  launch_type     = "FARGATE"
  network_configuration {
    subnets = local.subnets
  }
  load_balancer {
    target_group_arn = aws_lb_target_group.ip.arn
    container_name   = "app"
    container_port   = 8081
  }
}

# ECS042: target type ip for awsvpc, instance for bridge
resource "aws_ecs_service" "ecs042_valid" {
  name            = "ecs042-valid"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.bridge.arn
  launch_type     = "EC2"
  load_balancer {
    target_group_arn = aws_lb_target_group.instance.arn
    container_name   = "web"
    container_port   = 80
  }
}

resource "aws_ecs_service" "ecs042_invalid" {
  name            = "ecs042-invalid"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.awsvpc.arn
  launch_type     = "FARGATE"
  network_configuration {
    subnets = local.subnets
  }
  load_balancer {
    target_group_arn = aws_lb_target_group.instance.arn
    container_name   = "app"
    container_port   = 8080
  }
}

# ECS043: at most 5 target groups
resource "aws_ecs_service" "ecs043_invalid" {
  name            = "ecs043-invalid"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.awsvpc.arn
  launch_type     = "FARGATE"
  network_configuration {
    subnets = local.subnets
  }
  dynamic "load_balancer" {
    for_each = aws_lb_target_group.many
    content {
      target_group_arn = load_balancer.value.arn
      container_name   = "app"
      container_port   = 8080
    }
  }
}

# ECS044: a dynamic host port is health-checked on the traffic port
resource "aws_ecs_service" "ecs044_invalid" {
  name            = "ecs044-invalid"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.bridge.arn
  launch_type     = "EC2"
  load_balancer {
    target_group_arn = aws_lb_target_group.fixed_health.arn
    container_name   = "web"
    container_port   = 80
  }
}

# ECS045: the target group's protocol is the mapping's
resource "aws_ecs_service" "ecs045_valid" {
  name            = "ecs045-valid"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.awsvpc.arn
  launch_type     = "FARGATE"
  network_configuration {
    subnets = local.subnets
  }
  load_balancer {
    target_group_arn = aws_lb_target_group.tcp.arn
    container_name   = "app"
    container_port   = 8080
  }
}

resource "aws_ecs_service" "ecs045_invalid" {
  name            = "ecs045-invalid"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.awsvpc.arn
  launch_type     = "FARGATE"
  network_configuration {
    subnets = local.subnets
  }
  load_balancer {
    target_group_arn = aws_lb_target_group.udp.arn
    container_name   = "app"
    container_port   = 8080
  }
}

# ECS046: a VPC Lattice port name names a port mapping
resource "aws_ecs_service" "ecs046_valid" {
  name            = "ecs046-valid"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.awsvpc.arn
  launch_type     = "FARGATE"
  network_configuration {
    subnets = local.subnets
  }
  vpc_lattice_configurations {
    role_arn         = "arn:aws:iam::123456789012:role/ecs-lattice"
    target_group_arn = "arn:aws:vpc-lattice:us-east-1:123456789012:targetgroup/tg-0a1b2c3d4e5f60001"
    port_name        = "http"
  }
}

resource "aws_ecs_service" "ecs046_invalid" {
  name            = "ecs046-invalid"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.awsvpc.arn
  launch_type     = "FARGATE"
  network_configuration {
    subnets = local.subnets
  }
  vpc_lattice_configurations {
    role_arn         = "arn:aws:iam::123456789012:role/ecs-lattice"
    target_group_arn = "arn:aws:vpc-lattice:us-east-1:123456789012:targetgroup/tg-0a1b2c3d4e5f60001"
    port_name        = "grpc"
  }
}

# ECS047: A records only in awsvpc; SRV in bridge with the container and port
resource "aws_ecs_service" "ecs047_valid" {
  name            = "ecs047-valid"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.bridge.arn
  launch_type     = "EC2"
  service_registries {
    registry_arn   = aws_service_discovery_service.srv.arn
    container_name = "web"
    container_port = 80
  }
}

resource "aws_ecs_service" "ecs047_invalid" {
  name            = "ecs047-invalid"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.bridge.arn
  launch_type     = "EC2"
  service_registries {
    registry_arn = aws_service_discovery_service.a.arn
  }
}

# ECS048: a per-request timeout needs an appProtocol; ECS032: a port name of the task definition
resource "aws_ecs_service" "ecs048_valid" {
  name            = "ecs048-valid"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.awsvpc.arn
  launch_type     = "FARGATE"
  network_configuration {
    subnets = local.subnets
  }
  service_connect_configuration {
    enabled   = true
    namespace = aws_service_discovery_private_dns_namespace.internal.arn
    service {
      port_name = "http"
      client_alias {
        port = 8080
      }
      timeout {
        per_request_timeout_seconds = 30
      }
    }
  }
}

resource "aws_ecs_service" "ecs048_invalid" {
  name            = "ecs048-invalid"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.awsvpc.arn
  launch_type     = "FARGATE"
  network_configuration {
    subnets = local.subnets
  }
  service_connect_configuration {
    enabled   = true
    namespace = aws_service_discovery_private_dns_namespace.internal.arn
    service {
      port_name = "plain"
      client_alias {
        port = 9090
      }
      timeout {
        per_request_timeout_seconds = 30
      }
    }
  }
}

resource "aws_ecs_service" "ecs032_invalid" {
  name            = "ecs032-invalid"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.awsvpc.arn
  launch_type     = "FARGATE"
  network_configuration {
    subnets = local.subnets
  }
  service_connect_configuration {
    enabled   = true
    namespace = aws_service_discovery_private_dns_namespace.internal.arn
    service {
      port_name = "grpc"
    }
  }
}

# ECS049: a capacity-provider strategy alone, not with a launch type
resource "aws_ecs_service" "ecs049_valid" {
  name            = "ecs049-valid"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.awsvpc.arn
  network_configuration {
    subnets = local.subnets
  }
  capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
  }
}

resource "aws_ecs_service" "ecs049_invalid" {
  name            = "ecs049-invalid"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.awsvpc.arn
  launch_type     = "FARGATE"
  network_configuration {
    subnets = local.subnets
  }
  capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
  }
}

# ECS050: a discovery name of 1-64 [a-z0-9_-]
resource "aws_ecs_service" "ecs050_invalid" {
  name            = "ecs050-invalid"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.awsvpc.arn
  launch_type     = "FARGATE"
  network_configuration {
    subnets = local.subnets
  }
  service_connect_configuration {
    enabled   = true
    namespace = aws_service_discovery_private_dns_namespace.internal.arn
    service {
      port_name      = "http"
      discovery_name = "Api.Web"
    }
  }
}

# Instances: each service of a count refers to the target group of its own index; the second
# target group is of type instance (ECS042 for aws_ecs_service.indexed[1] only)
resource "aws_lb_target_group" "pair" {
  count       = 2
  name        = "pair-${count.index}"
  port        = 8080
  protocol    = "HTTP"
  target_type = count.index == 0 ? "ip" : "instance"
  vpc_id      = local.vpc
}

resource "aws_ecs_service" "indexed" {
  count           = 2
  name            = "indexed-${count.index}"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.awsvpc.arn
  launch_type     = "FARGATE"
  network_configuration {
    subnets = local.subnets
  }
  load_balancer {
    target_group_arn = aws_lb_target_group.pair[count.index].arn
    container_name   = "app"
    container_port   = 8080
  }
}

# Capacity providers: an EC2 capacity provider (an Auto Scaling group) makes a strategy EC2, so
# a public IP is refused there too (ECS038)
resource "aws_ecs_capacity_provider" "ec2" {
  name = "ec2"
  auto_scaling_group_provider {
    auto_scaling_group_arn = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:0a1b2c3d-0000-4000-8000-000000000001:autoScalingGroupName/ecs"
  }
}

resource "aws_ecs_service" "ecs038_strategy_valid" {
  name            = "ecs038-strategy-valid"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.awsvpc.arn
  network_configuration {
    subnets = local.subnets
  }
  capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.ec2.name
    weight            = 1
  }
}

resource "aws_ecs_service" "ecs038_strategy_invalid" {
  name            = "ecs038-strategy-invalid"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.awsvpc.arn
  network_configuration {
    subnets          = local.subnets
    assign_public_ip = true
  }
  capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.ec2.name
    weight            = 1
  }
}

# ECS017: Service Connect needs a tcp port mapping ('dns' is udp)
resource "aws_ecs_service" "ecs017_invalid" {
  name            = "ecs017-invalid"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.awsvpc.arn
  launch_type     = "FARGATE"
  network_configuration {
    subnets = local.subnets
  }
  service_connect_configuration {
    enabled   = true
    namespace = aws_service_discovery_private_dns_namespace.internal.arn
    service {
      port_name = "dns"
    }
  }
}
