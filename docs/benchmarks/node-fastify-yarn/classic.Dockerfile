FROM node:24
WORKDIR /app
COPY . .
RUN yarn install
CMD ["yarn", "start"]
