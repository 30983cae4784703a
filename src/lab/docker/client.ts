import Docker from 'dockerode';

let shared: Docker | undefined;

/** The one dockerode client of the process; DOCKER_HOST and friends are honoured by docker-modem. */
export function dockerClient(): Docker {
  shared ??= new Docker();
  return shared;
}
