# A child module: a Fargate service on a FARGATE/FARGATE_SPOT strategy with no load balancer,
# whose task definition is referred to by resource (not .arn).
variable "cluster" { type = string }
variable "subnets" { type = list(string) }

resource "aws_ecs_task_definition" "this" {
  family                   = "worker"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = "512"
  memory                   = "1024"
  container_definitions = jsonencode([{
    name      = "worker"
    image     = "public.ecr.aws/docker/library/busybox:1.36"
    essential = true
    command   = ["sleep", "3600"]
  }])
}

resource "aws_ecs_service" "this" {
  name            = "worker"
  cluster         = var.cluster
  task_definition = aws_ecs_task_definition.this.arn
  desired_count   = 1

  capacity_provider_strategy {
    capacity_provider = "FARGATE_SPOT"
    weight            = 3
  }
  capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
    base              = 1
  }

  network_configuration {
    subnets = var.subnets
  }
}
